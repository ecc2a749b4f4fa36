import { DeliveredRoContributor } from './delivered-ros';
import { monthDay } from './subjects';

/** 7-day follow-up (跟踪回访): every RO delivered `followupDays` ago. Key followup7:ro:<roId>. */
export const followup7Contributor = new DeliveredRoContributor(
  'followup7',
  (s) => s.followupDays,
  () => true,
  (days, on) => `交车 ${days} 天跟踪回访（${monthDay(on)} 交车）`,
);
