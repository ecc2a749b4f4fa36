import type { Question, QuestionnaireKind } from '../../../src-shared/domain/revisits';

/**
 * The questionnaires a store starts with (设置 → 回访问卷), seeded on first read.
 *
 * - csi: the clerk's job sheet (职责三): speed at reception / completion / payment, parts and labour
 *   price, the advisor quoted up front and explained the work at delivery, repair / paint quality,
 *   cleanliness, how the customer came, overall, and the reminder of the appointment service.
 *   The two advisor questions are yes/no (a "no" is a problem call for 接待); 来店方式 and the
 *   appointment reminder are choices that score no one (they are facts, not satisfaction).
 * - followup7: short: the repair's effect, the advisor, overall. Whether the problem was fixed is
 *   the call's own field (problemFixed), asked on every call, so it is not repeated as a question.
 * - delivery: the new-car revisit, scored for sales, with a recommend question (NPS).
 * - reminder: none. A reminder call is an invitation to book; its result goes to the invitation
 *   list (reached / booked / not interested…). A store that wants questions there saves one.
 *
 * A question without a department that is answered at or below the threshold (总体评价) lands on
 * 接待 (the front desk owns the customer's overall experience); see call-problems.ts.
 */
const q = (key: string, text: string, scale: Question['scale'], department: Question['department']): Question => ({
  key,
  text,
  scale,
  department,
  options: [],
});

export const DEFAULT_QUESTIONNAIRES: { kind: QuestionnaireKind; title: string; questions: Question[] }[] = [
  {
    kind: 'csi',
    title: '售后服务满意度回访',
    questions: [
      q('speed_reception', '接待速度', 'five', 'reception'),
      q('speed_completion', '完工交车速度', 'five', 'workshop'),
      q('speed_payment', '结算速度', 'five', 'cashier'),
      q('price_parts', '配件价格', 'five', 'parts'),
      q('price_labour', '工时价格', 'five', 'workshop'),
      q('quoted_before', '服务顾问是否事先报价', 'yesno', 'reception'),
      q('explained_work', '交车时是否解释所做的工作', 'yesno', 'reception'),
      q('repair_quality', '维修质量', 'five', 'workshop'),
      q('paint_quality', '喷漆质量', 'five', 'workshop'),
      q('cleanliness', '车辆清洁', 'five', 'wash'),
      { ...q('arrival', '来店方式', 'choice', null), options: ['自驾', '代驾', '拖车', '其他'] },
      q('overall', '总体评价', 'five', null),
      {
        ...q('appointment_reminder', '提醒预约服务（下次来店前请先预约）', 'choice', null),
        options: ['已提醒，客户了解', '客户不需要'],
      },
    ],
  },
  {
    kind: 'followup7',
    title: '7天跟踪回访',
    questions: [
      q('repair_result', '对维修（保养）效果是否满意', 'five', 'workshop'),
      q('advisor_service', '对服务顾问的服务是否满意', 'five', 'reception'),
      q('overall', '总体评价', 'five', null),
    ],
  },
  {
    kind: 'delivery',
    title: '新车交车回访',
    questions: [
      q('delivery_process', '交车过程是否满意', 'five', 'sales'),
      q('explained_vehicle', '销售顾问是否讲解了车辆使用和保养', 'yesno', 'sales'),
      q('vehicle_condition', '新车车况是否满意', 'five', 'sales'),
      q('recommend', '您有多大可能向亲友推荐本店（0-10）', 'nps', 'sales'),
    ],
  },
];
