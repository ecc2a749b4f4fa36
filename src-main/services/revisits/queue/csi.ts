import { DeliveredRoContributor } from './delivered-ros';
import { monthDay } from './subjects';

/**
 * Satisfaction revisit (满意度回访): every RO delivered `csiDays` ago. Key csi:ro:<roId>. None when
 * the store merges it with the 7-day call (that call then asks the CSI questions).
 */
export const csiContributor = new DeliveredRoContributor(
  'csi',
  (s) => s.csiDays,
  (s) => !s.mergeCsiWithFollowup,
  (days, on) => `交车 ${days} 天满意度回访（${monthDay(on)} 交车）`,
);
