/**
 * The filing rules (归档设置) as pure functions, worked by hand: which kinds a settled RO needs by
 * its type and labour hours, a delivered vehicle, a new customer; checkFrom; how long a paper is
 * kept (month ends, leap years) and what is kept for good.
 */
import { describe, expect, it } from 'vitest';
import {
  binderTitle,
  isChecked,
  isMajorRepair,
  keepUntil,
  requiredKindsForCustomer,
  requiredKindsForRo,
  requiredKindsForVehicle,
} from '../../src-main/services/filing/required-papers';
import { pastCutoff } from '../../src-main/services/filing/retention.service';
import { RO_TYPES } from '../../src-shared/domain/enums';
import { DEFAULT_FILING_SETTINGS, type DocKind, type FilingSettings } from '../../src-shared/domain/filing';

const S = DEFAULT_FILING_SETTINGS;
const codes = (kinds: DocKind[]) => kinds.map((k) => k.code);
const ORDINARY = ['ro_sheet', 'consultation', 'settlement'];
const MAJOR = ['ro_sheet', 'consultation', 'settlement', 'inspection', 'certificate'];

describe('required kinds of a settled RO', () => {
  it('each RO type under the default rules (major: 钣喷, 保险理赔, or 8 hours of labour)', () => {
    const expected: Record<string, string[]> = {
      first_service: ORDINARY,
      periodic_service: ORDINARY,
      repair: ORDINARY,
      body_paint: MAJOR,
      insurance: MAJOR,
      warranty: [...ORDINARY, 'warranty_claim'],
    };
    for (const type of RO_TYPES) {
      const want = expected[type] ?? ORDINARY;
      expect(codes(requiredKindsForRo(S, { type, laborHours: 0 })), type).toEqual(want);
    }
  });

  it('major by hours: 7.9 h is not, 8 h is; a warranty job of 8 h needs its claim and the inspection papers', () => {
    expect(isMajorRepair(S, { type: 'repair', laborHours: 7.9 })).toBe(false);
    expect(isMajorRepair(S, { type: 'repair', laborHours: 8 })).toBe(true);
    expect(codes(requiredKindsForRo(S, { type: 'repair', laborHours: 8 }))).toEqual(MAJOR);
    expect(codes(requiredKindsForRo(S, { type: 'warranty', laborHours: 12 }))).toEqual([
      'ro_sheet',
      'consultation',
      'settlement',
      'inspection',
      'certificate',
      'warranty_claim',
    ]);
  });

  it('major by type only when the hours rule is off; no major types: by hours only', () => {
    const byType: FilingSettings = { ...S, majorRepair: { roTypes: ['body_paint'], minLaborHours: null } };
    expect(isMajorRepair(byType, { type: 'repair', laborHours: 100 })).toBe(false);
    expect(isMajorRepair(byType, { type: 'body_paint', laborHours: 0 })).toBe(true);
    expect(isMajorRepair(byType, { type: 'insurance', laborHours: 0 })).toBe(false);
    const byHours: FilingSettings = { ...S, majorRepair: { roTypes: [], minLaborHours: 4 } };
    expect(isMajorRepair(byHours, { type: 'body_paint', laborHours: 3.5 })).toBe(false);
    expect(isMajorRepair(byHours, { type: 'repair', laborHours: 4 })).toBe(true);
  });

  it('an inactive kind or one required never is not asked for; a store kind is', () => {
    const settings: FilingSettings = {
      ...S,
      kinds: [
        ...S.kinds.map((k) => (k.code === 'consultation' ? { ...k, active: false } : k)),
        {
          code: 'x_photo',
          label: '事故照片',
          subject: 'ro',
          builtin: false,
          active: true,
          scheme: 'monthly',
          series: 'repair',
          required: { on: 'ro_settled', roTypes: ['insurance'], majorOnly: false },
          retentionYears: null,
        },
      ],
    };
    expect(codes(requiredKindsForRo(settings, { type: 'repair', laborHours: 0 }))).toEqual(['ro_sheet', 'settlement']);
    expect(codes(requiredKindsForRo(settings, { type: 'insurance', laborHours: 0 }))).toEqual([
      'ro_sheet',
      'settlement',
      'inspection',
      'certificate',
      'x_photo',
    ]);
  });

  it('a delivered vehicle needs 保修登记表 and PDI检查单; a new customer nothing by default', () => {
    expect(codes(requiredKindsForVehicle(S))).toEqual(['warranty_registration', 'pdi']);
    expect(codes(requiredKindsForCustomer(S))).toEqual([]);
    const withFile: FilingSettings = {
      ...S,
      kinds: S.kinds.map((k) => (k.code === 'customer_file' ? { ...k, required: { on: 'customer_created' } } : k)),
    };
    expect(codes(requiredKindsForCustomer(withFile))).toEqual(['customer_file']);
  });
});

describe('checkFrom', () => {
  it('null: every day; otherwise from that day on (the day itself included)', () => {
    expect(isChecked(S, '2001-01-01')).toBe(true);
    const from: FilingSettings = { ...S, checkFrom: '2026-11-01' };
    expect(isChecked(from, '2026-10-31')).toBe(false);
    expect(isChecked(from, '2026-11-01')).toBe(true);
    expect(isChecked(from, '2026-12-31')).toBe(true);
  });
});

describe('keep-until (保管期限)', () => {
  const two = { retentionYears: 2 };
  it('the end of the paper month plus the years', () => {
    expect(keepUntil(two, '2024-03-15', false)).toBe('2026-03-31');
    expect(keepUntil(two, '2024-03-01', false)).toBe('2026-03-31');
    expect(keepUntil(two, '2024-04-30', false)).toBe('2026-04-30');
    expect(keepUntil({ retentionYears: 3 }, '2023-12-31', false)).toBe('2026-12-31');
    expect(keepUntil({ retentionYears: 0 }, '2026-11-05', false)).toBe('2026-11-30');
  });

  it('leap years: 2024-02-29 + 2 years → 2026-02-28; 2022-02-10 + 2 → 2024-02-29', () => {
    expect(keepUntil(two, '2024-02-29', false)).toBe('2026-02-28');
    expect(keepUntil(two, '2022-02-10', false)).toBe('2024-02-29');
    expect(keepUntil({ retentionYears: 4 }, '2024-02-29', false)).toBe('2028-02-29');
  });

  it('kept for good: a permanent kind, a paper kept forever, a kind no longer in the settings', () => {
    expect(keepUntil({ retentionYears: null }, '2020-01-01', false)).toBeNull();
    expect(keepUntil(two, '2020-01-01', true)).toBeNull();
    expect(keepUntil(undefined, '2020-01-01', false)).toBeNull();
    const complaintForm = S.kinds.find((k) => k.code === 'complaint_form');
    expect(keepUntil(complaintForm, '2020-01-01', false)).toBeNull();
  });

  it('past it only after the keep-until day (the cutoff the retention list queries with)', () => {
    // A paper of 2024-03 kept 2 years: kept through 2026-03-31, past from 2026-04-01.
    expect(pastCutoff('2026-03-31', 2)).toBe('2024-03-01');
    expect('2024-03-15' < pastCutoff('2026-03-31', 2)).toBe(false);
    expect(pastCutoff('2026-04-01', 2)).toBe('2024-04-01');
    expect('2024-03-15' < pastCutoff('2026-04-01', 2)).toBe(true);
    // The cutoff agrees with keepUntil day by day over a leap February.
    for (const doc of ['2024-01-31', '2024-02-01', '2024-02-29', '2024-03-01']) {
      const until = keepUntil(two, doc, false) as string;
      for (const asOf of ['2026-01-31', '2026-02-01', '2026-02-28', '2026-03-01', '2026-03-02'])
        expect(doc < pastCutoff(asOf, 2), `${doc} as of ${asOf}`).toBe(asOf > until);
    }
  });
});

describe('binder titles', () => {
  it('monthly: series, month, volume; a vehicle bag: its plate (VIN when no plate)', () => {
    expect(binderTitle({ scheme: 'monthly', seriesLabel: '当月修理单', month: '2026-11', volume: 2 })).toBe(
      '当月修理单 2026-11 第2册',
    );
    expect(binderTitle({ scheme: 'vehicle', month: null, volume: 1, plate: '京A12345' })).toBe('车辆档案 京A12345');
    expect(binderTitle({ scheme: 'vehicle', month: null, volume: 1, plate: null, vin: 'LSVAU2180N2183456' })).toBe(
      '车辆档案 LSVAU2180N2183456',
    );
  });
});
