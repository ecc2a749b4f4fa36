/** English for the 归档 area's phrases (the filing desk, papers and scans). */
export const FILING_EN = {
  归档台: 'Filing desk',
  资料夹: 'Binders',
  销售交接: 'Sales hand-over',
  借阅: 'Borrowing',
  缺失检查: 'Missing papers',
  保管期限: 'Retention',
} as const;
