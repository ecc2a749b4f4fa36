/** English for the 统计 area's phrases (charts, weekly and monthly reports). */
export const STATISTICS_EN = {
  统计: 'Statistics',
  图表: 'Charts',
  周报: 'Weekly report',
  月报: 'Monthly report',
  统计图表尚未完成: 'The charts are not ready yet',
  // charts
};
