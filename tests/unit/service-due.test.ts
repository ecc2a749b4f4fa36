import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addMonths,
  believableReadings,
  DEFAULT_SERVICE_RULE,
  estimateKmOn,
  estimatePace,
  explainDue,
  nextDue,
  type Reading,
} from '../../src-shared/domain/service-due';
import { addDays } from '../../src-shared/validation/dates';

const noModel = { modelKmPerDay: null, storeKmPerDay: 40 };
const r = (id: number, on: string, km: number): Reading => ({ id, on, km });

describe('addMonths', () => {
  it('clamps to the end of a shorter month and crosses years', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2026-11-15', 3)).toBe('2027-02-15');
    expect(addMonths('2026-05-31', 6)).toBe('2026-11-30');
    expect(addMonths('2026-03-10', -3)).toBe('2025-12-10');
  });
});

describe('a vehicle with one visit (its first service)', () => {
  // Delivered 2026-01-01 at 0 km; first service 2026-04-11 (100 days later) at 6,000 km.
  // Pace: one pair, 6,000 / 100 = 60 km/day, from its own readings.
  // Next: 定保 from the first service: 6,000 + 7,500 = 13,500 km, or 6 months → 2026-10-11.
  // Mileage: (13,500 − 6,000) / 60 = 125 days after 2026-04-11 → 2026-08-14, earlier → by mileage.
  const readings = [r(1, '2026-04-11', 6000)];
  const pace = estimatePace(readings, '2026-01-01', noModel);
  const due = nextDue(
    DEFAULT_SERVICE_RULE,
    {
      deliveryOn: '2026-01-01',
      lastService: { on: '2026-04-11', km: 6000, type: 'first_service' },
      hadFirstService: true,
      firstVisit: readings[0] ?? null,
    },
    pace,
  );

  it('takes the pace from delivery to the visit', () => {
    expect(pace.source).toBe('own');
    expect(pace.kmPerDay).toBe(60);
    expect(pace.points).toBe(2);
    expect(pace.last).toEqual(r(1, '2026-04-11', 6000));
    expect(pace.outliers).toEqual([]);
  });

  it('is due by mileage before the six months are up', () => {
    expect(due).toMatchObject({
      kind: 'periodic',
      base: 'first_service',
      baseOn: '2026-04-11',
      baseKm: 6000,
      timeDueOn: '2026-10-11',
      mileageDueOn: '2026-08-14',
      dueOn: '2026-08-14',
      dueKm: 13500,
      dueBy: 'mileage',
      timeOnly: false,
    });
    expect(explainDue(DEFAULT_SERVICE_RULE, due as NonNullable<typeof due>, pace)).toContain('2026-08-14');
  });
});

describe('one mistyped reading', () => {
  // Delivered 2025-01-01. First service 2025-03-02 (day 60) at 3,000 km; repairs on 2025-07-01
  // (day 181) at 9,000, 2025-09-01 (day 243) typed as 120,000 instead of 12,000, 2025-12-31
  // (day 364) at 18,000. 9,000 → 120,000 in 62 days is 1,790 km/day: not believable, and 18,000
  // after 120,000 would go backwards, so the 120,000 is the outlier.
  const readings = [
    r(1, '2025-03-02', 3000),
    r(2, '2025-07-01', 9000),
    r(3, '2025-09-01', 120000),
    r(4, '2025-12-31', 18000),
  ];
  const pace = estimatePace(readings, '2025-01-01', noModel);

  it('is shown as an outlier and not used', () => {
    expect(pace.outliers).toEqual([r(3, '2025-09-01', 120000)]);
    expect(pace.last).toEqual(r(4, '2025-12-31', 18000));
  });

  it('leaves the pace at the median slope of the believable readings', () => {
    // Slopes between (day, km) (0,0) (60,3000) (181,9000) (364,18000):
    // 50, 49.72, 49.45, 49.59, 49.34, 49.18 → median (49.45 + 49.59) / 2 = 49.52 km/day.
    expect(pace.source).toBe('own');
    expect(pace.points).toBe(4);
    expect(pace.kmPerDay).toBeCloseTo((18000 / 364 + 6000 / 121) / 2, 6);
    expect(pace.kmPerDay).toBeCloseTo(49.52, 2);
    // 30 days after the last reading: 18,000 + 30 × 49.52 = 19,485.6 → 19,486.
    expect(estimateKmOn(pace, '2026-01-30')).toBe(19486);
  });

  it('counts the next service from the first service, not from the latest reading', () => {
    // 3,000 + 7,500 = 10,500 km; the last reading is already past it: (10,500 − 18,000) / 49.52
    // = −151.5 days → 151 days before 2025-12-31 = 2025-08-02; six months give 2025-09-02.
    const due = nextDue(
      DEFAULT_SERVICE_RULE,
      {
        deliveryOn: '2025-01-01',
        lastService: { on: '2025-03-02', km: 3000, type: 'first_service' },
        hadFirstService: true,
        firstVisit: readings[0] ?? null,
      },
      pace,
    );
    expect(due).toMatchObject({ dueOn: '2025-08-02', dueBy: 'mileage', dueKm: 10500, timeDueOn: '2025-09-02' });
  });

  it('a typo that is too low is left out too, the believable step kept', () => {
    // 10,000 (2025-06-01), 1,200 typed for 12,000 (2025-09-01), 15,000 (2025-12-01). Both
    // 0 → 10,000 → 15,000 and 0 → 1,200 → 15,000 are possible; 1,200 → 15,000 (152 km/day) is
    // far from the pace of all readings (36 km/day), 10,000 → 15,000 (27 km/day) is not.
    const low = believableReadings(
      [r(1, '2025-06-01', 10000), r(2, '2025-09-01', 1200), r(3, '2025-12-01', 15000)],
      '2025-01-01',
    );
    expect(low.outliers).toEqual([r(2, '2025-09-01', 1200)]);
    expect(low.usesDelivery).toBe(true);
  });
});

describe('few or no readings', () => {
  it('no readings at all: time only, and says so', () => {
    // Delivered 2026-05-31, nothing since: 首保 by time, six months → 2026-11-30.
    const pace = estimatePace([], '2026-05-31', noModel);
    const due = nextDue(
      DEFAULT_SERVICE_RULE,
      { deliveryOn: '2026-05-31', lastService: null, hadFirstService: false, firstVisit: null },
      pace,
    );
    expect(pace.last).toBeNull();
    expect(due).toMatchObject({ kind: 'first', base: 'delivery', dueOn: '2026-11-30', timeOnly: true, dueBy: 'time' });
    expect(explainDue(DEFAULT_SERVICE_RULE, due as NonNullable<typeof due>, pace)).toContain('没有里程读数，只按时间');
  });

  it('readings too close together fall back to the model, then the store', () => {
    // Delivered 2026-01-01, 500 km on 2026-01-13: 12 days say little. Model pace 35 km/day:
    // 首保 5,000 km: (5,000 − 500) / 35 = 128.6 → 129 days after 2026-01-13 = 2026-05-22,
    // before 2026-07-01 (six months) → by mileage.
    const readings = [r(1, '2026-01-13', 500)];
    const byModel = estimatePace(readings, '2026-01-01', { modelKmPerDay: 35, storeKmPerDay: 40 });
    expect(byModel).toMatchObject({ source: 'model', kmPerDay: 35, points: 0 });
    const due = nextDue(
      DEFAULT_SERVICE_RULE,
      { deliveryOn: '2026-01-01', lastService: null, hadFirstService: false, firstVisit: readings[0] ?? null },
      byModel,
    );
    expect(due).toMatchObject({ kind: 'first', dueOn: '2026-05-22', dueBy: 'mileage', dueKm: 5000 });
    expect(estimatePace(readings, '2026-01-01', noModel)).toMatchObject({ source: 'store', kmPerDay: 40 });
  });

  it('nothing known at all gives no due date', () => {
    const pace = estimatePace([], null, noModel);
    expect(
      nextDue(
        DEFAULT_SERVICE_RULE,
        { deliveryOn: null, lastService: null, hadFirstService: false, firstVisit: null },
        pace,
      ),
    ).toBeNull();
  });

  it('a car bought elsewhere is counted from its first visit', () => {
    // First seen 2026-02-01 at 40,000 km, again 2026-06-01 (120 days) at 46,000 → 50 km/day.
    // 定保 from the first visit: 47,500 km → (47,500 − 46,000) / 50 = 30 days → 2026-07-01;
    // six months → 2026-08-01; by mileage.
    const readings = [r(1, '2026-02-01', 40000), r(2, '2026-06-01', 46000)];
    const pace = estimatePace(readings, null, noModel);
    expect(pace.kmPerDay).toBe(50);
    const due = nextDue(
      DEFAULT_SERVICE_RULE,
      { deliveryOn: null, lastService: null, hadFirstService: false, firstVisit: readings[0] ?? null },
      pace,
    );
    expect(due).toMatchObject({ kind: 'periodic', base: 'first_visit', dueOn: '2026-07-01', dueBy: 'mileage' });
  });
});

describe('robustness (property)', () => {
  it('one reading multiplied or divided by ten moves the pace by less than 15 %', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 15, max: 120 }), // true km/day
        fc.integer({ min: 5, max: 12 }), // readings
        fc.integer({ min: 30, max: 120 }), // days between readings
        fc.nat(),
        fc.boolean(),
        (kmPerDay, count, gap, pick, up) => {
          const readings: Reading[] = [];
          for (let k = 1; k <= count; k++)
            readings.push(r(k, addDays('2024-01-01', k * gap), Math.round(k * gap * kmPerDay)));
          const bad = pick % count;
          const target = readings[bad] as Reading;
          readings[bad] = { ...target, km: up ? target.km * 10 : Math.round(target.km / 10) };
          const pace = estimatePace(readings, '2024-01-01', noModel);
          expect(pace.source).toBe('own');
          expect(Math.abs(pace.kmPerDay - kmPerDay) / kmPerDay).toBeLessThan(0.15);
        },
      ),
      { numRuns: 300 },
    );
  });
});
