import { z } from 'zod';
import { PAYERS, RO_STATUSES, RO_TYPES, VEHICLE_STATUSES } from '../domain/enums';
import type {
  Customer,
  CustomerDetail,
  Page,
  RepairOrderDetail,
  RepairOrderListRow,
  Saved,
  SearchHit,
  Vehicle,
  VehicleDetail,
  VehicleListRow,
} from '../domain/records';
import { toHalfWidth } from '../validation/normalize';
import { command, query } from './define';
import {
  date,
  fen,
  id,
  instant,
  mileage,
  mobile,
  multilineText,
  pageInput,
  phone,
  plate,
  postalCode,
  requiredText,
  searchText,
  text,
  vin,
} from './fields';
import { ROLES } from './roles';

const customerFields = {
  name: requiredText(60),
  mobile: mobile.nullable().default(null),
  otherPhones: z.array(phone).max(5, '其他电话最多 5 个').default([]),
  address: text(200).default(''),
  postalCode: postalCode.default(''),
  birthday: date.nullable().default(null),
  preferredCallTime: text(60).default(''),
  doNotContact: z.boolean().default(false),
  marketingConsent: z.boolean().default(true),
  notes: multilineText(2000).default(''),
};

export const customerInput = z.object(customerFields).strict();

const vehicleFields = {
  plate: plate.nullable().default(null),
  vin: vin.nullable().default(null),
  model: text(60).default(''),
  color: text(20).default(''),
  deliveryDate: date.nullable().default(null),
  ownerId: id.nullable().default(null),
  status: z.enum(VEHICLE_STATUSES, '状态应为 在用/流失/已售出/已报废').default('active'),
  notes: multilineText(2000).default(''),
};

export const vehicleInput = z
  .object(vehicleFields)
  .strict()
  .refine((v) => v.plate !== null || v.vin !== null, { message: '车牌号和车架号至少填一个', path: ['plate'] });

const laborLine = z
  .object({
    description: requiredText(200),
    hours: z.number().min(0, '工时不能为负').max(1000, '工时过大').default(0),
    amountFen: fen,
    payer: z.enum(PAYERS).default('customer'),
  })
  .strict();

const partLine = z
  .object({
    partNumber: text(40).default(''),
    name: requiredText(200),
    quantity: z.number().positive('数量应大于 0').max(100_000, '数量过大'),
    unitPriceFen: fen,
    amountFen: fen,
    payer: z.enum(PAYERS).default('customer'),
  })
  .strict();

const repairOrderFields = {
  roNumber: z
    .string()
    .max(40, '工单号太长')
    .transform((s) => toHalfWidth(s).replace(/\s+/g, '').toUpperCase())
    .refine((s) => /^[A-Z0-9][A-Z0-9\-_/]{2,39}$/.test(s), '工单号应为字母数字（如 RO2611220001）'),
  vehicleId: id,
  customerId: id.nullable().default(null),
  advisorName: text(40).default(''),
  openedAt: instant,
  mileageIn: mileage.nullable().default(null),
  type: z.enum(RO_TYPES, '维修类别应为 首保/定保/一般维修/钣喷/索赔/保险理赔/返修 之一'),
  status: z.enum(RO_STATUSES, '状态应为 在修/已完工/已交车/已结算 之一').default('in_repair'),
  completedAt: instant.nullable().default(null),
  deliveredAt: instant.nullable().default(null),
  settledAt: instant.nullable().default(null),
  payer: z.enum(PAYERS).default('customer'),
  complaint: multilineText(2000).default(''),
  declinedWork: multilineText(2000).default(''),
  nextServiceDate: date.nullable().default(null),
  nextServiceMileage: mileage.nullable().default(null),
  notes: multilineText(2000).default(''),
  /** Used when the order has no lines (e.g. a DMS import carries only totals); otherwise summed from the lines. */
  laborFen: fen.optional(),
  partsFen: fen.optional(),
  laborLines: z.array(laborLine).max(200).default([]),
  partLines: z.array(partLine).max(500).default([]),
};

export const repairOrderInput = z.object(repairOrderFields).strict();

const CUSTOMER_SORTS = ['name', 'updatedAt', 'createdAt'] as const;
const VEHICLE_SORTS = ['plate', 'model', 'deliveryDate', 'updatedAt'] as const;
const RO_SORTS = ['openedAt', 'roNumber', 'totalFen'] as const;

export const archiveContract = {
  'customers.list': query<Page<Customer>>()(
    z.object({ ...pageInput, sort: z.enum(CUSTOMER_SORTS).default('updatedAt') }).strict(),
    '客户档案列表（分页、排序）',
    ROLES.anyone,
  ),
  'customers.get': query<CustomerDetail>()(z.object({ id }).strict(), '客户档案详情，含名下车辆', ROLES.anyone),
  'customers.create': command<Saved<Customer>>()(customerInput, '新建客户档案', ROLES.anyone),
  'customers.update': command<Saved<Customer>>()(
    z.object({ id, ...customerFields }).strict(),
    '修改客户档案',
    ROLES.anyone,
  ),
  'vehicles.list': query<Page<VehicleListRow>>()(
    z
      .object({
        ...pageInput,
        sort: z.enum(VEHICLE_SORTS).default('updatedAt'),
        status: z.enum(VEHICLE_STATUSES).optional(),
      })
      .strict(),
    '车辆档案列表（分页、排序）',
    ROLES.anyone,
  ),
  'vehicles.get': query<VehicleDetail>()(z.object({ id }).strict(), '车辆档案与车历卡（每次进厂）', ROLES.anyone),
  'vehicles.create': command<Saved<Vehicle>>()(vehicleInput, '新建车辆档案', ROLES.anyone),
  'vehicles.update': command<Saved<Vehicle>>()(
    z
      .object({ id, ...vehicleFields })
      .strict()
      .refine((v) => v.plate !== null || v.vin !== null, { message: '车牌号和车架号至少填一个', path: ['plate'] }),
    '修改车辆档案',
    ROLES.anyone,
  ),
  'vehicles.addMileage': command<Saved<VehicleDetail>>()(
    z.object({ vehicleId: id, readOn: date, mileage }).strict(),
    '记录一次里程读数（比上次低时提醒，不阻止）',
    ROLES.anyone,
  ),
  'repairOrders.list': query<Page<RepairOrderListRow>>()(
    z
      .object({
        ...pageInput,
        sort: z.enum(RO_SORTS).default('openedAt'),
        from: date.optional(),
        to: date.optional(),
        type: z.enum(RO_TYPES).optional(),
        status: z.enum(RO_STATUSES).optional(),
      })
      .strict(),
    '修理单列表（分页、排序、按日期筛选）',
    ROLES.anyone,
  ),
  'repairOrders.get': query<RepairOrderDetail>()(
    z
      .object({ id: id.optional(), roNumber: text(40).optional() })
      .strict()
      .refine((v) => v.id !== undefined || v.roNumber, {
        message: '请给出编号或工单号',
        path: ['id'],
      }),
    '修理单详情，含工时、材料、车辆与客户',
    ROLES.anyone,
  ),
  'repairOrders.create': command<Saved<RepairOrderDetail>>()(repairOrderInput, '新建修理单', ROLES.anyone),
  'repairOrders.update': command<Saved<RepairOrderDetail>>()(
    z.object({ id, ...repairOrderFields }).strict(),
    '修改修理单',
    ROLES.anyone,
  ),
  /** Plate fragment, phone (whole or last 4), VIN (whole, last 6/8), name, pinyin initials, RO number. */
  'search.quick': query<SearchHit[]>()(
    z
      .object({
        text: searchText(100),
        limit: z.number().int().min(1).max(50).default(50),
        /** Only this kind; a matching customer then also brings their vehicles, and so on. */
        kind: z.enum(['customer', 'vehicle', 'repairOrder']).optional(),
      })
      .strict(),
    '快速搜索',
    ROLES.anyone,
  ),
};
