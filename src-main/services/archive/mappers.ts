import type { Selectable } from 'kysely';
import type { MileageSource, Payer, RoStatus, RoType, UserRole, VehicleStatus } from '../../../src-shared/domain/enums';
import type { Customer, MileageReading, RepairOrder, User, Vehicle } from '../../../src-shared/domain/records';
import type { AppUserTable, CustomerTable, MileageReadingTable, RepairOrderTable, VehicleTable } from '../../db/schema';

export function toCustomer(r: Selectable<CustomerTable>): Customer {
  return {
    id: r.id,
    name: r.name,
    mobile: r.mobile,
    otherPhones: JSON.parse(r.other_phones) as string[],
    address: r.address,
    postalCode: r.postal_code,
    birthday: r.birthday,
    preferredCallTime: r.preferred_call_time,
    doNotContact: r.is_do_not_contact === 1,
    marketingConsent: r.is_marketing_consent === 1,
    notes: r.notes,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function toVehicle(r: Selectable<VehicleTable>): Vehicle {
  return {
    id: r.id,
    plate: r.plate,
    vin: r.vin,
    model: r.model,
    color: r.color,
    deliveryDate: r.delivery_date,
    ownerId: r.owner_id,
    status: r.status as VehicleStatus,
    notes: r.notes,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function toRepairOrder(r: Selectable<RepairOrderTable>): RepairOrder {
  return {
    id: r.id,
    roNumber: r.ro_number,
    vehicleId: r.vehicle_id,
    customerId: r.customer_id,
    advisorName: r.advisor_name,
    openedAt: r.opened_at,
    mileageIn: r.mileage_in,
    type: r.type as RoType,
    status: r.status as RoStatus,
    completedAt: r.completed_at,
    deliveredAt: r.delivered_at,
    settledAt: r.settled_at,
    payer: r.payer as Payer,
    laborFen: r.labor_fen,
    partsFen: r.parts_fen,
    totalFen: r.total_fen,
    complaint: r.complaint,
    declinedWork: r.declined_work,
    nextServiceDate: r.next_service_date,
    nextServiceMileage: r.next_service_mileage,
    notes: r.notes,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function toMileageReading(r: Selectable<MileageReadingTable>): MileageReading {
  return {
    id: r.id,
    vehicleId: r.vehicle_id,
    readOn: r.read_on,
    mileage: r.mileage,
    source: r.source as MileageSource,
    roId: r.ro_id,
  };
}

export function toUser(r: Selectable<AppUserTable>): User {
  return {
    id: r.id,
    name: r.name,
    role: r.role as UserRole,
    isActive: r.is_active === 1,
    createdAt: r.created_at,
    lockedAt: r.locked_at ?? null,
  };
}
