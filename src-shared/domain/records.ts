import type { MileageSource, Payer, RoStatus, RoType, UserRole, VehicleStatus } from './enums';

/** Dates are `YYYY-MM-DD`, instants ISO 8601 with offset, money integer fen. */
export interface StoreProfile {
  name: string;
  address: string;
  postalCode: string;
  phone: string;
  /** IANA time zone that decides the store's "today" and every time written (default Asia/Shanghai). */
  timeZone: string;
  updatedAt: string;
}

export interface User {
  id: number;
  name: string;
  role: UserRole;
  isActive: boolean;
  createdAt: string;
  /** Locked after too many wrong PINs (when); only an admin unlocks. */
  lockedAt: string | null;
}

export interface Customer {
  id: number;
  name: string;
  mobile: string | null;
  otherPhones: string[];
  address: string;
  postalCode: string;
  birthday: string | null;
  preferredCallTime: string;
  doNotContact: boolean;
  marketingConsent: boolean;
  notes: string;
  createdAt: string;
  updatedAt: string;
}

export interface Vehicle {
  id: number;
  plate: string | null;
  vin: string | null;
  model: string;
  color: string;
  deliveryDate: string | null;
  ownerId: number | null;
  status: VehicleStatus;
  notes: string;
  createdAt: string;
  updatedAt: string;
}

export interface LaborLine {
  lineNo: number;
  description: string;
  hours: number;
  amountFen: number;
  payer: Payer;
}

export interface PartLine {
  lineNo: number;
  partNumber: string;
  name: string;
  quantity: number;
  unitPriceFen: number;
  amountFen: number;
  payer: Payer;
}

export interface RepairOrder {
  id: number;
  roNumber: string;
  vehicleId: number;
  customerId: number | null;
  advisorName: string;
  openedAt: string;
  mileageIn: number | null;
  type: RoType;
  status: RoStatus;
  completedAt: string | null;
  deliveredAt: string | null;
  settledAt: string | null;
  payer: Payer;
  laborFen: number;
  partsFen: number;
  totalFen: number;
  complaint: string;
  declinedWork: string;
  nextServiceDate: string | null;
  nextServiceMileage: number | null;
  notes: string;
  createdAt: string;
  updatedAt: string;
}

export interface RepairOrderDetail extends RepairOrder {
  laborLines: LaborLine[];
  partLines: PartLine[];
  vehicle: Vehicle;
  customer: Customer | null;
}

export interface MileageReading {
  id: number;
  vehicleId: number;
  readOn: string;
  mileage: number;
  source: MileageSource;
  roId: number | null;
}

/** One row of the vehicle history card (车历卡): a visit. */
export interface HistoryVisit {
  roId: number;
  roNumber: string;
  openedAt: string;
  mileageIn: number | null;
  type: RoType;
  status: RoStatus;
  advisorName: string;
  work: string;
  totalFen: number;
}

export interface VehicleDetail extends Vehicle {
  owner: Customer | null;
  latestMileage: number | null;
  history: HistoryVisit[];
  mileageReadings: MileageReading[];
}

export interface CustomerDetail extends Customer {
  vehicles: Vehicle[];
  /** The newest 20; `orderCount` says how many there are in all. */
  recentOrders: RepairOrder[];
  orderCount: number;
}

export interface Page<T> {
  rows: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface VehicleListRow extends Vehicle {
  ownerName: string | null;
  ownerMobile: string | null;
}

export interface RepairOrderListRow extends RepairOrder {
  plate: string | null;
  customerName: string | null;
}

export type SearchHitKind = 'customer' | 'vehicle' | 'repairOrder';
export type SearchMatchField = 'plate' | 'vin' | 'phone' | 'name' | 'pinyin' | 'roNumber';

export interface SearchHit {
  kind: SearchHitKind;
  id: number;
  /** What the clerk reads first: a plate, a name, an RO number. */
  title: string;
  subtitle: string;
  matchedOn: SearchMatchField;
  exact: boolean;
  /** A vehicle listed because its owner matched (the owner's phone or name). */
  viaOwner?: boolean;
}

export interface AuditEntry {
  id: number;
  at: string;
  userId: number | null;
  actor: string;
  action: string;
  entity: string;
  entityId: number | null;
  before: unknown;
  after: unknown;
}

/** A write that went through but deserves the clerk's attention (e.g. mileage lower than before). */
export interface Saved<T> {
  record: T;
  warnings: string[];
}
