import type { Db } from '../../db/database';

/**
 * Mileage that goes backwards is warned about, never blocked: the earlier reading may be the wrong one.
 * Compares with the highest reading taken on or before the date, and the lowest taken after it.
 */
export async function mileageWarning(
  trx: Db,
  vehicleId: number,
  readOn: string,
  mileage: number,
  ignoreRoId: number | null,
): Promise<string | null> {
  let before = trx
    .selectFrom('mileage_reading')
    .select(['mileage', 'read_on'])
    .where('vehicle_id', '=', vehicleId)
    .where('read_on', '<=', readOn)
    .orderBy('mileage', 'desc')
    .limit(1);
  let after = trx
    .selectFrom('mileage_reading')
    .select(['mileage', 'read_on'])
    .where('vehicle_id', '=', vehicleId)
    .where('read_on', '>', readOn)
    .orderBy('mileage', 'asc')
    .limit(1);
  if (ignoreRoId !== null) {
    before = before.where((eb) => eb.or([eb('ro_id', 'is', null), eb('ro_id', '!=', ignoreRoId)]));
    after = after.where((eb) => eb.or([eb('ro_id', 'is', null), eb('ro_id', '!=', ignoreRoId)]));
  }
  const [b, a] = await Promise.all([before.executeTakeFirst(), after.executeTakeFirst()]);
  if (b && b.mileage > mileage)
    return `里程 ${mileage} 公里低于 ${b.read_on} 记录的 ${b.mileage} 公里，请核对（已保存，可能是以前的读数有误）。`;
  if (a && a.mileage < mileage)
    return `里程 ${mileage} 公里高于之后 ${a.read_on} 记录的 ${a.mileage} 公里，请核对（已保存）。`;
  return null;
}
