/** English for the weekly and monthly report tabs' phrases. */
export const REPORTS_EN = {
  周报尚未完成: 'The weekly report is not ready yet',
  月报尚未完成: 'The monthly report is not ready yet',
};
