/** English for the 投诉 area's phrases (complaints). */
export const COMPLAINTS_EN = {
  这一部分尚未完成: 'This part is not finished yet',
  投诉登记: 'Complaints',
  流失客户: 'Lost customers',
  流失率: 'Churn rate',
} as const;
