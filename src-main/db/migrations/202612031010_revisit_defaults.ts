import { type Kysely, sql } from 'kysely';

/**
 * 回访 defaults (issue 11): the questionnaires a store starts with (设置 → 回访问卷, version 1 of each
 * kind) and the SMS templates (短信), made here like the letters' templates, so that reading a
 * screen never writes. Data copied in, not imported: a migration is frozen history.
 * - csi: the clerk's job sheet (职责三): speed at reception / completion / payment, parts and labour
 *   price, quoted up front, explained at delivery, repair / paint quality, cleanliness, how the
 *   customer came, overall, the reminder of appointment service.
 * - followup7: the repair's effect, the advisor, overall (whether the problem was fixed is the call's
 *   own field). delivery: the new-car revisit, scored for sales, with a recommend question (NPS).
 * - reminder: none (its result goes to the invitation list); a store that wants one saves it.
 * Frozen once landed: later changes are new migrations.
 */
const AT = '2026-12-03T10:10:00+08:00';

const QUESTIONNAIRES: { kind: string; title: string; questions: unknown[] }[] = [
  {
    kind: 'csi',
    title: '售后服务满意度回访',
    questions: [
      { key: 'speed_reception', text: '接待速度', scale: 'five', department: 'reception', options: [] },
      { key: 'speed_completion', text: '完工交车速度', scale: 'five', department: 'workshop', options: [] },
      { key: 'speed_payment', text: '结算速度', scale: 'five', department: 'cashier', options: [] },
      { key: 'price_parts', text: '配件价格', scale: 'five', department: 'parts', options: [] },
      { key: 'price_labour', text: '工时价格', scale: 'five', department: 'workshop', options: [] },
      { key: 'quoted_before', text: '服务顾问是否事先报价', scale: 'yesno', department: 'reception', options: [] },
      { key: 'explained_work', text: '交车时是否解释所做的工作', scale: 'yesno', department: 'reception', options: [] },
      { key: 'repair_quality', text: '维修质量', scale: 'five', department: 'workshop', options: [] },
      { key: 'paint_quality', text: '喷漆质量', scale: 'five', department: 'workshop', options: [] },
      { key: 'cleanliness', text: '车辆清洁', scale: 'five', department: 'wash', options: [] },
      {
        key: 'arrival',
        text: '来店方式',
        scale: 'choice',
        department: null,
        options: ['自驾', '代驾', '拖车', '其他'],
      },
      { key: 'overall', text: '总体评价', scale: 'five', department: null, options: [] },
      {
        key: 'appointment_reminder',
        text: '提醒预约服务（下次来店前请先预约）',
        scale: 'choice',
        department: null,
        options: ['已提醒，客户了解', '客户不需要'],
      },
    ],
  },
  {
    kind: 'followup7',
    title: '7天跟踪回访',
    questions: [
      { key: 'repair_result', text: '对维修（保养）效果是否满意', scale: 'five', department: 'workshop', options: [] },
      { key: 'advisor_service', text: '对服务顾问的服务是否满意', scale: 'five', department: 'reception', options: [] },
      { key: 'overall', text: '总体评价', scale: 'five', department: null, options: [] },
    ],
  },
  {
    kind: 'delivery',
    title: '新车交车回访',
    questions: [
      { key: 'delivery_process', text: '交车过程是否满意', scale: 'five', department: 'sales', options: [] },
      {
        key: 'explained_vehicle',
        text: '销售顾问是否讲解了车辆使用和保养',
        scale: 'yesno',
        department: 'sales',
        options: [],
      },
      { key: 'vehicle_condition', text: '新车车况是否满意', scale: 'five', department: 'sales', options: [] },
      { key: 'recommend', text: '您有多大可能向亲友推荐本店（0-10）', scale: 'nps', department: 'sales', options: [] },
    ],
  },
];

const SMS_TEMPLATES: { name: string; body: string }[] = [
  {
    name: '保养提醒',
    body: '【{门店名称}】尊敬的{客户称呼}：您的爱车{车牌}预计在{下次保养日期}前后需要保养，欢迎提前致电{门店电话}预约，我们将为您安排好工位。',
  },
  {
    name: '预约提醒',
    body: '【{门店名称}】{客户称呼}：您预约了{预约日期}{预约时间}到店（{车牌}），改期请致电{门店电话}。',
  },
  {
    name: '未接通回访',
    body: '【{门店名称}】尊敬的{客户称呼}：近日我们多次致电回访您爱车{车牌}的维修保养情况，未能接通。如有任何意见或建议，欢迎致电{门店电话}；下次到店时请帮我们核对联系方式，谢谢！',
  },
  {
    name: '交车关怀',
    body: '【{门店名称}】尊敬的{客户称呼}：感谢您选择我们为爱车{车牌}服务。用车中如有任何问题，请随时致电{门店电话}，祝您行车平安！',
  },
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const q of QUESTIONNAIRES)
    await sql`INSERT INTO questionnaire (kind, version, title, questions_json, is_current, created_at, created_by)
      VALUES (${q.kind}, 1, ${q.title}, ${JSON.stringify(q.questions)}, 1, ${AT}, '系统')`.execute(db);
  for (const t of SMS_TEMPLATES)
    await sql`INSERT INTO sms_template (name, body, updated_at, updated_by)
      VALUES (${t.name}, ${t.body}, ${AT}, '系统')`.execute(db);
}
