/**
 * The claim deadline rules on a fixed day: which rule sets the days (most specific wins, brand by the
 * model's text, the default), no deadline before settlement, the due states (due soon within warnDays,
 * overdue the day after the deadline, reported or beyond: done), and the portal text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CLAIM_STATUSES,
  type Claim,
  type ClaimDueState,
  type ClaimSettings,
  claimDueState,
  claimPortalText,
  DEFAULT_CLAIM_SETTINGS,
  deadlineDays,
  ruleDeadline,
} from '../../src-shared/domain/claims';
import { addDays, daysBetween } from '../../src-shared/validation/dates';

/** The fixed "today" of these tests (the store clock is never read here: the rules take the day). */
const TODAY = '2026-11-20';

const settings = (o: Partial<ClaimSettings> = {}): ClaimSettings => ({ ...DEFAULT_CLAIM_SETTINGS, ...o });
const rules: ClaimSettings['rules'] = [
  { brand: '', claimType: 'recall', days: 30 },
  { brand: '大众', claimType: null, days: 5 },
  { brand: '大众', claimType: 'sanbao', days: 3 },
  { brand: 'BMW', claimType: null, days: 14 },
];

describe('deadlineDays', () => {
  it('takes the default when no rule matches', () => {
    expect(deadlineDays(settings(), '朗逸', 'warranty')).toBe(7);
    expect(deadlineDays(settings({ rules, defaultDays: 9 }), '丰田卡罗拉', 'warranty')).toBe(9);
  });

  it('matches the brand by the model text (case ignored)', () => {
    expect(deadlineDays(settings({ rules }), '上汽大众朗逸 1.5L', 'warranty')).toBe(5);
    expect(deadlineDays(settings({ rules }), 'bmw 320Li', 'warranty')).toBe(14);
    expect(deadlineDays(settings({ rules }), '', 'warranty')).toBe(7);
  });

  it('lets the most specific rule win: brand + type, then type, then brand', () => {
    const s = settings({ rules });
    expect(deadlineDays(s, '一汽大众速腾', 'sanbao')).toBe(3);
    expect(deadlineDays(s, '一汽大众速腾', 'recall')).toBe(30);
    expect(deadlineDays(s, '一汽大众速腾', 'goodwill')).toBe(5);
    expect(deadlineDays(s, '丰田', 'recall')).toBe(30);
    // Order in the list does not change who wins.
    expect(deadlineDays(settings({ rules: [...rules].reverse() }), '一汽大众速腾', 'sanbao')).toBe(3);
  });

  it('takes the first listed of two rules equally specific', () => {
    const s = settings({
      rules: [
        { brand: '大众', claimType: null, days: 4 },
        { brand: '速腾', claimType: null, days: 6 },
      ],
    });
    expect(deadlineDays(s, '大众速腾', 'warranty')).toBe(4);
  });
});

describe('ruleDeadline', () => {
  it('is the settlement day plus the days; none while not settled', () => {
    expect(ruleDeadline(settings(), '2026-11-18', '朗逸', 'warranty')).toBe('2026-11-25');
    expect(ruleDeadline(settings({ rules }), '2026-12-30', '大众', 'sanbao')).toBe('2027-01-02');
    expect(ruleDeadline(settings(), null, '朗逸', 'warranty')).toBeNull();
  });

  it('is never before the settlement day (property)', () => {
    const day = fc.integer({ min: 0, max: 4000 }).map((n) => addDays('2020-01-01', n));
    const rule = fc.record({
      brand: fc.constantFrom('', '大众', 'BMW', '朗逸'),
      claimType: fc.constantFrom(null, 'warranty', 'sanbao', 'recall'),
      days: fc.integer({ min: 1, max: 365 }),
    });
    fc.assert(
      fc.property(
        day,
        fc.array(rule, { maxLength: 6 }),
        fc.integer({ min: 1, max: 365 }),
        fc.constantFrom('上汽大众朗逸', 'BMW X1', '丰田'),
        fc.constantFrom('warranty', 'sanbao', 'recall', 'goodwill'),
        (settled, rs, defaultDays, model, type) => {
          const s = settings({ rules: rs, defaultDays });
          const d = ruleDeadline(s, settled, model, type);
          expect(d).not.toBeNull();
          const days = daysBetween(settled, d ?? settled);
          expect(days).toBeGreaterThanOrEqual(1);
          expect([defaultDays, ...rs.map((r) => r.days)]).toContain(days);
        },
      ),
    );
  });
});

describe('claimDueState', () => {
  it('is none without a deadline, ok before the warning days, due soon within them, overdue the day after', () => {
    expect(claimDueState('draft', null, TODAY, 2)).toBe('none');
    expect(claimDueState('draft', '2026-11-23', TODAY, 2)).toBe('ok');
    expect(claimDueState('draft', '2026-11-22', TODAY, 2)).toBe('due_soon');
    expect(claimDueState('draft', TODAY, TODAY, 2)).toBe('due_soon');
    expect(claimDueState('draft', '2026-11-19', TODAY, 2)).toBe('overdue');
    expect(claimDueState('draft', TODAY, TODAY, 0)).toBe('due_soon');
    expect(claimDueState('draft', '2026-11-21', TODAY, 0)).toBe('ok');
  });

  it('judges a rejected claim (to be reported again) like a draft', () => {
    expect(claimDueState('rejected', '2026-11-19', TODAY, 2)).toBe('overdue');
  });

  it('is done once reported, whatever the deadline', () => {
    for (const s of ['reported', 'reviewing', 'approved', 'settled'] as const) {
      expect(claimDueState(s, '2026-11-01', TODAY, 2)).toBe('done');
      expect(claimDueState(s, null, TODAY, 2)).toBe('done');
    }
  });

  it('only gets worse as the days pass (property)', () => {
    const rank: Record<ClaimDueState, number> = { none: 0, done: 0, ok: 1, due_soon: 2, overdue: 3 };
    fc.assert(
      fc.property(
        fc.constantFrom(...CLAIM_STATUSES),
        fc.integer({ min: -60, max: 60 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 30 }),
        (status, offset, step, warnDays) => {
          const deadline = addDays(TODAY, offset);
          const now = claimDueState(status, deadline, TODAY, warnDays);
          const later = claimDueState(status, deadline, addDays(TODAY, step), warnDays);
          expect(rank[later]).toBeGreaterThanOrEqual(rank[now]);
        },
      ),
    );
  });
});

describe('claimPortalText', () => {
  const claim = (o: Partial<Claim> = {}): Claim => ({
    roId: 1,
    roNumber: 'RO2611001',
    roType: 'warranty',
    roStatus: 'settled',
    openedOn: '2026-11-18',
    settledOn: '2026-11-18',
    advisorName: '王顾问',
    vehicleId: 1,
    plate: '京A12345',
    vin: 'LSVAU2180N2183456',
    model: '朗逸',
    customerId: 1,
    customerName: '张三',
    mileageIn: 23_456,
    roComplaint: '',
    saved: true,
    claimType: 'warranty',
    claimTypeLabel: '保修索赔',
    status: 'draft',
    claimNo: null,
    deadline: '2026-11-25',
    deadlineSet: false,
    dueState: 'ok',
    faultDescription: '水温高，故障灯亮',
    cause: '节温器卡滞',
    handling: '',
    note: '',
    labour: [{ description: '更换节温器', hours: 1.5, amountFen: 18_000 }],
    parts: [{ partNumber: '06L121111H', name: '节温器总成', quantity: 1, amountFen: 45_050 }],
    warrantyFen: 63_050,
    outsideKm: 86,
    outsideOrders: [],
    reportedOn: null,
    reportedOnTime: null,
    approvedOn: null,
    approvedFen: null,
    rejectedOn: null,
    rejectReason: '',
    statementMonth: null,
    rounds: [],
    oldParts: [],
    version: 1,
    updatedAt: null,
    ...o,
  });

  it('labels every line in the portal order, amounts in yuan, empty parts 无', () => {
    const text = claimPortalText(claim());
    expect(text.split('\n')).toEqual([
      '工单号：RO2611001',
      '车架号：LSVAU2180N2183456',
      '车牌号：京A12345',
      '车型：朗逸',
      '进厂里程：23456 km',
      '进厂日期：2026-11-18',
      '结算日期：2026-11-18',
      '索赔类型：保修索赔',
      '故障描述：水温高，故障灯亮',
      '故障原因：节温器卡滞',
      '处理方法：无',
      '维修项目：',
      '  1. 更换节温器  1.5 工时  180.00 元',
      '更换零件：',
      '  1. 06L121111H 节温器总成 × 1  450.50 元',
      '外出服务里程：86 km',
      '索赔金额：630.50 元',
    ]);
  });

  it('says 无 for no lines, no plate, no mileage and no outside service', () => {
    const text = claimPortalText(
      claim({ labour: [], parts: [], plate: null, mileageIn: null, outsideKm: 0, settledOn: null }),
    );
    expect(text).toContain('车牌号：无');
    expect(text).toContain('进厂里程：无');
    expect(text).toContain('结算日期：无');
    expect(text).toContain('维修项目：\n  无\n更换零件：\n  无');
    expect(text).toContain('外出服务里程：无');
  });
});
