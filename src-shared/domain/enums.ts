/** Codes kept in the archive; the Chinese labels are the clerk's own terms. */
export const USER_ROLES = ['clerk', 'manager', 'advisor', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];
export const USER_ROLE_LABELS: Record<UserRole, string> = {
  clerk: '信息员',
  manager: '服务经理',
  advisor: '服务顾问',
  admin: '管理员',
};

export const VEHICLE_STATUSES = ['active', 'lost', 'sold', 'scrapped'] as const;
export type VehicleStatus = (typeof VEHICLE_STATUSES)[number];
export const VEHICLE_STATUS_LABELS: Record<VehicleStatus, string> = {
  active: '在用',
  lost: '流失',
  sold: '已售出',
  scrapped: '已报废',
};

export const RO_TYPES = [
  'first_service',
  'periodic_service',
  'repair',
  'body_paint',
  'warranty',
  'insurance',
  'comeback',
] as const;
export type RoType = (typeof RO_TYPES)[number];
export const RO_TYPE_LABELS: Record<RoType, string> = {
  first_service: '首保',
  periodic_service: '定保',
  repair: '一般维修',
  body_paint: '钣喷',
  warranty: '索赔/三包',
  insurance: '保险理赔',
  comeback: '返修',
};

export const RO_STATUSES = ['in_repair', 'completed', 'delivered', 'settled'] as const;
export type RoStatus = (typeof RO_STATUSES)[number];
export const RO_STATUS_LABELS: Record<RoStatus, string> = {
  in_repair: '在修',
  completed: '已完工',
  delivered: '已交车',
  settled: '已结算',
};

export const PAYERS = ['customer', 'warranty', 'insurance', 'internal'] as const;
export type Payer = (typeof PAYERS)[number];
export const PAYER_LABELS: Record<Payer, string> = {
  customer: '自费',
  warranty: '保修',
  insurance: '保险',
  internal: '内部',
};

export const MILEAGE_SOURCES = ['ro', 'manual', 'import', 'demo'] as const;
export type MileageSource = (typeof MILEAGE_SOURCES)[number];
