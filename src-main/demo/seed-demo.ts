import type BetterSqlite3 from 'better-sqlite3';
import type { SeedSummary } from '../../src-shared/contract/index';
import type { Payer, RoStatus, RoType, VehicleStatus } from '../../src-shared/domain/enums';
import { addDays, todayDate } from '../../src-shared/validation/dates';
import { withCheckDigit } from '../../src-shared/validation/vehicle-ids';
import { shiftMonth } from '../services/lost-customers/churn';
import { customerTerms, repairOrderTerms, type Term, vehicleTerms } from '../services/search/search-terms';
import { hashPinSync as hashPin } from '../services/system/pin';
import {
  ADVISOR_NAMES,
  AIR_FILTER,
  BRAKE_FLUID,
  BUMPER_CLIPS,
  CABIN_FILTER,
  COLORS,
  COMEBACK_JOBS,
  COMPOUNDS,
  CUSTOMER_NOTES,
  DECLINED_WORK,
  DISTRICTS,
  DRAIN_SEAL,
  EV_REPAIR_JOBS,
  EV_WARRANTY_JOBS,
  FUEL_CLEANER,
  GEAR_OIL,
  GIVEN_ONE,
  GIVEN_TWO,
  INSURANCE_JOBS,
  type JobSpec,
  MANAGER_NAME,
  MOBILE_PREFIXES,
  MODELS,
  type ModelSpec,
  OIL,
  OIL_FILTER,
  OIL_TOP_UP,
  PAINT_MATERIAL,
  PANELS,
  type PartSpec,
  PREFERRED_CALL_TIMES,
  REPAIR_JOBS,
  RO_NOTES,
  SPARK_PLUGS,
  SURNAMES,
  VEHICLE_NOTES,
  WARRANTY_JOBS,
  WIPERS,
} from './catalog';
import { Rng, Weighted } from './prng';
import { writeClaimsData } from './seed-claims';
import { writeFilingData } from './seed-filing';
import { writeReportsData } from './seed-reports';

export interface SeedOptions {
  seed: number;
  years: number;
  /** Last day with repair orders; defaults to the day before `now`. */
  until?: string | undefined;
  now: Date;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Demo store model. Tuned so that 10 years give about 60k vehicles, 50k customers and 400k repair
 * orders, with the newest years the busiest (the store sells a little more every year).
 */
const MODEL = {
  /** Vehicles that become known to the store per day at the end of the period (new sales and walk-ins). */
  inflowPerDay: 15.5,
  /** Yearly growth of that inflow. */
  inflowGrowth: 0.04,
  /** Vehicles delivered this many years before the first day still come in during the period. */
  preYears: 12,
  /** Share of the inflow that was bought elsewhere (second-hand, other dealers). */
  walkInShare: 0.15,
  /** Share of new vehicles whose owner is already a customer. */
  repeatOwnerShare: 0.17,
} as const;

/** Every demo user signs in with PIN 0000 (demo archives only; change it in 设置 → 用户). */
const DEMO_PIN = '0000';

const DAY_MS = 86_400_000;
const REGULAR_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
/** Characters a VIN may hold (no I, O, Q). */
const VIN_CHARS = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';
const VIN_YEAR_CODES = 'ABCDEFGHJKLMNPRSTVWXY123456789';
const PLATE_PREFIX = '浙A';

interface CustomerSim {
  gen: number;
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
  vehicles: VehicleSim[];
  /** Earliest created_at of the included vehicles. */
  createdAt: string;
}

interface VisitSim {
  vehicle: VehicleSim;
  day: number;
  /** Seconds after midnight (local). */
  second: number;
  type: RoType;
  mileage: number;
  /** A repair job done during a service visit. */
  extraRepair: boolean;
}

interface VehicleSim {
  gen: number;
  id: number;
  soldHere: boolean;
  deliveryDay: number | null;
  /** Day the store first sees it: delivery for its own sales, the first visit for walk-ins. */
  startDay: number;
  model: ModelSpec;
  pace: number;
  owner: CustomerSim;
  plate: string;
  vin: string;
  color: string;
  /** Last day it may come in (loyalty ends, sold, scrapped). */
  endDay: number;
  endReason: 'sold' | 'scrapped' | null;
  advisor: number;
  visits: VisitSim[];
  createdAt: string;
  // RO details need the previous service (what was replaced when).
  lastAirFilterKm: number;
  lastSparkKm: number;
  lastGearOilKm: number;
  lastCabinDay: number;
  lastBrakeFluidDay: number;
}

interface Advisor {
  name: string;
  fromDay: number;
  toDay: number;
}

function dayNumber(date: string): number {
  return Math.round(
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS,
  );
}

/** A 32-bit mix of the seed and a stream number, so each part of the data has its own stream. */
function streamSeed(seed: number, stream: number): number {
  let h = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(stream + 1, 0x85ebca6b)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

class Calendar {
  private readonly cache = new Map<number, string>();

  date(day: number): string {
    let s = this.cache.get(day);
    if (s === undefined) {
      s = new Date(day * DAY_MS).toISOString().slice(0, 10);
      this.cache.set(day, s);
    }
    return s;
  }

  /** Local instant with the store's offset; seconds may run past midnight into the next days. */
  instant(day: number, second: number): string {
    const d = day + Math.floor(second / 86_400);
    const s = second % 86_400;
    const hh = Math.floor(s / 3600);
    const mm = Math.floor((s % 3600) / 60);
    const ss = s % 60;
    return `${this.date(d)}T${pad2(hh)}:${pad2(mm)}:${pad2(ss)}+08:00`;
  }

  /** 0 = Sunday. */
  weekday(day: number): number {
    return (day + 4) % 7;
  }
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function pickWeighted<T>(rng: Rng, entries: readonly (readonly [T, number])[]): T {
  let total = 0;
  for (const [, w] of entries) total += w;
  let x = rng.next() * total;
  for (const [item, w] of entries) {
    x -= w;
    if (x < 0) return item;
  }
  return entries[entries.length - 1]![0];
}

/**
 * Builds a believable store deterministically: the same seed, years and `until` give the same
 * data content. Writes with prepared statements in one transaction (all or nothing); does not
 * write the audit log (the caller does). Runs ANALYZE afterwards so the planner has statistics.
 */
export function seedDemo(sqlite: BetterSqlite3.Database, options: SeedOptions): SeedSummary {
  const started = performance.now();
  const until = options.until ?? addDays(todayDate(options.now), -1);
  const years = Math.max(1, Math.floor(options.years));
  const untilDay = dayNumber(until);
  const fromDay =
    Math.round(
      Date.UTC(Number(until.slice(0, 4)) - years, Number(until.slice(5, 7)) - 1, Number(until.slice(8, 10))) / DAY_MS,
    ) + 1;
  const cal = new Calendar();
  const from = cal.date(fromDay);

  const fleet = buildFleet(options.seed, fromDay, untilDay, cal);
  const visits = simulateVisits(options.seed, fleet.vehicles, fromDay, untilDay, cal);

  // Included records: every vehicle the store sold during the period, and every vehicle that came in.
  const vehicles = fleet.vehicles.filter((v) => v.visits.length > 0 || (v.soldHere && v.startDay >= fromDay));
  const peopleRng = new Rng(streamSeed(options.seed, 3));
  for (const v of vehicles) {
    v.createdAt =
      v.soldHere && v.startDay >= fromDay
        ? cal.instant(v.startDay, peopleRng.int(10 * 3600, 17 * 3600))
        : cal.instant(v.visits[0]!.day, v.visits[0]!.second);
  }
  const customerSet = new Set<CustomerSim>();
  for (const v of vehicles) {
    const c = v.owner;
    if (!customerSet.has(c)) {
      customerSet.add(c);
      c.createdAt = v.createdAt;
    } else if (v.createdAt < c.createdAt) c.createdAt = v.createdAt;
  }
  const customers = [...customerSet].sort((a, b) => cmp(a.createdAt, b.createdAt) || a.gen - b.gen);
  vehicles.sort((a, b) => cmp(a.createdAt, b.createdAt) || a.gen - b.gen);

  const write = sqlite.transaction(() => {
    const base = (table: string) =>
      (sqlite.prepare(`SELECT coalesce(max(id), 0) AS n FROM ${table}`).get() as { n: number }).n;
    const customerBase = base('customer');
    const vehicleBase = base('vehicle');
    const roBase = base('repair_order');
    customers.forEach((c, i) => {
      c.id = customerBase + i + 1;
    });
    vehicles.forEach((v, i) => {
      v.id = vehicleBase + i + 1;
    });
    const advisors = ensureStoreAndUsers(sqlite, options.seed, fromDay, untilDay, cal);
    const total = customers.length + vehicles.length + visits.length;
    let done = 0;
    options.onProgress?.(0, total);
    const terms: Term[] = [];
    writeCustomers(sqlite, customers, terms);
    done += customers.length;
    options.onProgress?.(done, total);
    writeVehicles(sqlite, vehicles, untilDay, cal, terms);
    done += vehicles.length;
    options.onProgress?.(done, total);
    writeRepairOrders(sqlite, {
      seed: options.seed,
      visits,
      advisors,
      roBase,
      untilDay,
      cal,
      terms,
      onBatch: (n) => {
        done += n;
        options.onProgress?.(done, total);
      },
    });
    writeTerms(sqlite, terms);
    writeMorningCalls(sqlite, options.seed, untilDay, cal);
    writeFiling(sqlite, options.seed, until);
    writeClaims(sqlite, options.seed, until);
    writeReportsData(sqlite, { rng: new Rng(streamSeed(options.seed, 14)), until });
    options.onProgress?.(total, total);
  });
  write();
  // Sampled statistics: seconds instead of a full pass over millions of rows, and good enough for the planner.
  const limit = sqlite.pragma('analysis_limit', { simple: true }) as number;
  sqlite.pragma('analysis_limit = 1000');
  sqlite.exec('ANALYZE');
  sqlite.pragma(`analysis_limit = ${Number(limit)}`);
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  return {
    customers: customers.length,
    vehicles: vehicles.length,
    repairOrders: visits.length,
    from,
    until,
    millis: Math.round(performance.now() - started),
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Fleet: vehicles and owners, in the order they become known to the store.

function buildFleet(seed: number, fromDay: number, untilDay: number, cal: Calendar): { vehicles: VehicleSim[] } {
  const rng = new Rng(streamSeed(seed, 1));
  const people = new Rng(streamSeed(seed, 2));
  const surnames = new Weighted(SURNAMES);
  const districts = new Weighted(DISTRICTS);
  const colors = new Weighted(COLORS);
  const usedMobiles = new Set<string>();
  const usedPlates = new Set<string>();
  const usedVins = new Set<string>();
  const customers: CustomerSim[] = [];
  const vehicles: VehicleSim[] = [];
  const startDay = fromDay - MODEL.preYears * 365;
  let vinSerial = 100_000 + rng.int(0, 50_000);

  const newCustomer = (): CustomerSim => {
    const c = makeCustomer(people, customers.length, surnames, districts, usedMobiles, cal);
    customers.push(c);
    return c;
  };

  for (let day = startDay; day <= untilDay; day++) {
    const rate = MODEL.inflowPerDay * (1 + MODEL.inflowGrowth) ** ((day - untilDay) / 365);
    const count = rng.poisson(rate);
    for (let k = 0; k < count; k++) {
      const soldHere = !rng.chance(MODEL.walkInShare);
      let deliveryDay: number | null = soldHere ? day : day - rng.int(200, 2600);
      const year = Number(cal.date(deliveryDay).slice(0, 4));
      const available = MODELS.filter((m) => m.firstYear <= year && year <= m.lastYear);
      const model = pickWeighted(
        rng,
        available.map((m) => [m, m.weight] as const),
      );
      const pace = model.electric ? 20 + 60 * rng.next() ** 1.5 : 15 + 105 * rng.next() ** 2.2;
      let owner: CustomerSim;
      let replaced: VehicleSim | null = null;
      if (customers.length > 50 && rng.chance(MODEL.repeatOwnerShare)) {
        // Mostly customers of the last few years come back for a second car.
        const window = Math.min(customers.length, 20_000);
        owner = customers[customers.length - 1 - rng.int(0, window - 1)]!;
        const last = owner.vehicles[owner.vehicles.length - 1];
        if (last && last.endDay > day && last.endReason === null && rng.chance(0.4)) replaced = last;
      } else owner = newCustomer();
      const v: VehicleSim = {
        gen: vehicles.length,
        id: 0,
        soldHere,
        deliveryDay,
        startDay: day,
        model,
        pace,
        owner,
        plate: makePlate(rng, model.electric, usedPlates),
        vin: makeVin(
          rng,
          model,
          year,
          () => {
            vinSerial += rng.int(1, 9);
            return vinSerial;
          },
          usedVins,
        ),
        color: colors.pick(rng),
        endDay: 0,
        endReason: null,
        advisor: rng.int(0, 5),
        visits: [],
        createdAt: '',
        lastAirFilterKm: 0,
        lastSparkKm: 0,
        lastGearOilKm: 0,
        lastCabinDay: day,
        lastBrakeFluidDay: deliveryDay,
      };
      // How long the owner keeps coming back.
      const r = rng.next();
      let keepYears: number;
      if (soldHere) {
        if (r < 0.06) keepYears = rng.real(0, 0.4);
        else if (r < 0.45) keepYears = rng.real(2.2, 4.5);
        else if (r < 0.92) keepYears = 1 + rng.exp(2.6);
        else keepYears = 99;
      } else keepYears = r < 0.35 ? 0 : rng.exp(2.5);
      v.endDay = day + Math.round(keepYears * 365);
      // Some owners sell the car on; very old ones are scrapped.
      const sellDay = deliveryDay + Math.round((3 + rng.exp(5)) * 365);
      if (sellDay < v.endDay && rng.chance(0.3)) {
        v.endDay = sellDay;
        v.endReason = 'sold';
      } else if (v.endDay - deliveryDay > 11 * 365 && rng.chance(0.5)) {
        v.endDay = deliveryDay + 11 * 365 + rng.int(0, 700);
        v.endReason = 'scrapped';
      }
      if (replaced) {
        replaced.endDay = Math.min(replaced.endDay, day);
        replaced.endReason = 'sold';
      }
      if (!soldHere && rng.chance(0.05)) deliveryDay = null;
      v.deliveryDay = deliveryDay;
      owner.vehicles.push(v);
      vehicles.push(v);
    }
  }
  return { vehicles };
}

function makeCustomer(
  rng: Rng,
  gen: number,
  surnames: Weighted<string>,
  districts: Weighted<(typeof DISTRICTS)[number][0]>,
  usedMobiles: Set<string>,
  cal: Calendar,
): CustomerSim {
  const surname = surnames.pick(rng);
  const name = surname + (rng.chance(0.28) ? rng.pick(GIVEN_ONE) : rng.pick(GIVEN_TWO));
  let mobile: string | null = null;
  if (!rng.chance(0.01)) {
    do mobile = rng.pick(MOBILE_PREFIXES) + rng.digits(8);
    while (usedMobiles.has(mobile));
    usedMobiles.add(mobile);
  }
  const otherPhones: string[] = [];
  if (mobile === null || rng.chance(0.07)) {
    if (rng.chance(0.6)) otherPhones.push(`0571-8${rng.digits(7)}`);
    else otherPhones.push(rng.pick(MOBILE_PREFIXES) + rng.digits(8));
  }
  let address = '';
  let postalCode = '';
  if (rng.chance(0.7)) {
    const d = districts.pick(rng);
    const province = rng.chance(0.5) ? '浙江省' : '';
    const street = rng.pick(d.streets);
    const house = rng.chance(0.75)
      ? `${rng.pick(COMPOUNDS)}${rng.int(1, 32)}幢${rng.int(1, 4)}单元${rng.int(1, 28)}0${rng.int(1, 4)}室`
      : `${rng.int(1, 12)}楼`;
    address = `${province}${d.city}${d.district}${street}${rng.int(1, 999)}号${house}`;
    postalCode = d.postalCode;
  }
  const birthday = rng.chance(0.45) ? cal.date(dayNumber(`${rng.int(1955, 2002)}-01-01`) + rng.int(0, 364)) : null;
  const doNotContact = rng.chance(0.015);
  return {
    gen,
    id: 0,
    name,
    mobile,
    otherPhones,
    address,
    postalCode,
    birthday,
    preferredCallTime: rng.chance(0.1) ? rng.pick(PREFERRED_CALL_TIMES) : '',
    doNotContact,
    marketingConsent: !doNotContact && !rng.chance(0.05),
    notes: rng.chance(0.03) ? rng.pick(CUSTOMER_NOTES) : '',
    vehicles: [],
    createdAt: '',
  };
}

function makePlate(rng: Rng, electric: boolean, used: Set<string>): string {
  for (;;) {
    let body = '';
    if (electric) {
      body =
        (rng.chance(0.8) ? 'D' : 'F') +
        (rng.chance(0.85) ? rng.digits(1) : rng.pick([...REGULAR_LETTERS])) +
        rng.digits(4);
    } else {
      const r = rng.next();
      const letter = () => REGULAR_LETTERS[rng.int(0, REGULAR_LETTERS.length - 1)]!;
      if (r < 0.35) body = rng.digits(5);
      else if (r < 0.6) body = letter() + rng.digits(4);
      else if (r < 0.8) {
        const at = rng.int(1, 4);
        const digits = rng.digits(4);
        body = digits.slice(0, at) + letter() + digits.slice(at);
      } else {
        const chars = [letter(), letter(), ...rng.digits(3)];
        // Two letters somewhere among five characters, e.g. 8B2C6 or BC123.
        for (let i = chars.length - 1; i > 0; i--) {
          const j = rng.int(0, i);
          [chars[i], chars[j]] = [chars[j]!, chars[i]!];
        }
        body = chars.join('');
      }
    }
    const plate = PLATE_PREFIX + body;
    if (!used.has(plate)) {
      used.add(plate);
      return plate;
    }
  }
}

function makeVin(rng: Rng, model: ModelSpec, year: number, serial: () => number, used: Set<string>): string {
  for (;;) {
    const yearCode = VIN_YEAR_CODES[(((year - 2010) % 30) + 30) % 30]!;
    const variant = VIN_CHARS[rng.int(0, VIN_CHARS.length - 1)]!;
    const raw = `LSV${model.vds.slice(0, 4)}${variant}0${yearCode}${model.plant}${String(serial()).padStart(6, '0').slice(-6)}`;
    const vin = withCheckDigit(raw);
    if (!used.has(vin)) {
      used.add(vin);
      return vin;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Visits: each vehicle's own pace, schedule and luck.

function simulateVisits(
  seed: number,
  vehicles: VehicleSim[],
  fromDay: number,
  untilDay: number,
  cal: Calendar,
): VisitSim[] {
  const rng = new Rng(streamSeed(seed, 4));
  const all: VisitSim[] = [];
  for (const v of vehicles) {
    simulateVehicle(rng, v, untilDay, cal);
    const inWindow = v.visits.filter((x) => x.day >= fromDay);
    // A comeback whose first visit lies before the period would have nothing to come back to.
    if (inWindow[0]?.type === 'comeback') inWindow[0].type = 'repair';
    v.visits = inWindow;
    for (const x of inWindow) all.push(x);
  }
  all.sort((a, b) => a.day - b.day || a.second - b.second || a.vehicle.gen - b.vehicle.gen);
  return all;
}

function serviceInterval(rng: Rng, v: VehicleSim): number {
  const km = v.model.electric ? 15_000 : 7_500;
  const months = v.model.electric ? 365 : 182;
  return Math.max(30, Math.round(Math.min(km / v.pace, months) + rng.int(-10, 35)));
}

function simulateVehicle(rng: Rng, v: VehicleSim, untilDay: number, cal: Calendar): void {
  const lastDay = Math.min(v.endDay, untilDay);
  const delivery = v.deliveryDay ?? v.startDay - 1500;
  let mileage = v.soldHere ? rng.int(3, 40) : Math.round(v.pace * (v.startDay - delivery) * rng.real(0.8, 1.2));
  let prevDay = v.soldHere ? v.startDay : v.startDay - 1;
  let nextService: number;
  let firstServiceDue = false;
  if (v.soldHere) {
    firstServiceDue = rng.chance(0.93);
    const due = v.startDay + Math.min(Math.ceil(5000 / v.pace), rng.int(90, 180)) + rng.int(-5, 20);
    nextService = firstServiceDue ? due : due + serviceInterval(rng, v);
  } else {
    // A walk-in comes first for whatever brought it; the store's schedule follows from there.
    nextService = rng.chance(0.6) ? v.startDay : v.startDay + serviceInterval(rng, v);
  }
  let nextRandom = v.soldHere ? v.startDay + randomGap(rng, v, v.startDay, mileage) : v.startDay;
  if (!v.soldHere && nextService === v.startDay) nextRandom = v.startDay + randomGap(rng, v, v.startDay, mileage);
  let comebackDay = Number.POSITIVE_INFINITY;
  let lastVisitDay = Number.NEGATIVE_INFINITY;
  for (;;) {
    let day = Math.min(nextService, nextRandom, comebackDay);
    if (day > lastDay) break;
    let type: RoType;
    let extraRepair = false;
    if (day === comebackDay) {
      type = 'comeback';
      comebackDay = Number.POSITIVE_INFINITY;
    } else if (day === nextService) {
      type = firstServiceDue ? 'first_service' : 'periodic_service';
    } else {
      type = randomType(rng, v, day, mileage);
      nextRandom = Number.POSITIVE_INFINITY;
      // A repair shortly before the service is done at the service visit.
      if (type === 'repair' && nextService - day < 21 && nextService - day > 0) {
        day = nextService;
        type = firstServiceDue ? 'first_service' : 'periodic_service';
        extraRepair = true;
      }
    }
    // Fewer cars on Sundays: most of those owners come on Saturday or early in the week instead.
    if (cal.weekday(day) === 0 && rng.chance(0.6))
      day += rng.chance(0.4) && day - 1 > lastVisitDay ? -1 : rng.int(1, 5);
    if (day <= lastVisitDay) day = lastVisitDay + 1;
    if (day > lastDay) break;
    mileage += Math.round(v.pace * (day - prevDay) * rng.real(0.75, 1.25));
    prevDay = day;
    lastVisitDay = day;
    v.visits.push({ vehicle: v, day, second: openingSecond(rng), type, mileage, extraRepair });
    if (type === 'first_service' || type === 'periodic_service') {
      firstServiceDue = false;
      nextService = day + serviceInterval(rng, v);
      // Skipping one service now and then.
      if (rng.chance(0.18)) nextService += serviceInterval(rng, v);
    }
    if (nextRandom === Number.POSITIVE_INFINITY || nextRandom <= day)
      nextRandom = day + 1 + randomGap(rng, v, day, mileage);
    if (
      type !== 'comeback' &&
      type !== 'first_service' &&
      (type !== 'periodic_service' || extraRepair) &&
      rng.chance(0.035)
    )
      comebackDay = day + rng.int(2, 14);
  }
}

/** Repairs, body work, insurance claims and warranty cases per year at this age. */
function randomRates(v: VehicleSim, day: number, mileage: number) {
  const age = (day - (v.deliveryDay ?? v.startDay - 1500)) / 365;
  return {
    repair: age < 3 ? 0.3 : Math.min(0.9, 0.55 + 0.05 * (age - 3)),
    body_paint: 0.15,
    insurance: 0.12,
    warranty: age < 3 && mileage < 100_000 ? 0.25 : 0.02,
  };
}

function randomGap(rng: Rng, v: VehicleSim, day: number, mileage: number): number {
  const r = randomRates(v, day, mileage);
  const perYear = r.repair + r.body_paint + r.insurance + r.warranty;
  return Math.max(1, Math.round(rng.exp(365 / perYear)));
}

function randomType(rng: Rng, v: VehicleSim, day: number, mileage: number): RoType {
  const r = randomRates(v, day, mileage);
  return pickWeighted<RoType>(rng, [
    ['repair', r.repair],
    ['body_paint', r.body_paint],
    ['insurance', r.insurance],
    ['warranty', r.warranty],
  ]);
}

/** Reception opens at 08:00 and takes cars until 17:30, busiest in the morning. */
function openingSecond(rng: Rng): number {
  const minute = rng.chance(0.58) ? rng.int(480, 659) : rng.int(660, 1050);
  return minute * 60 + rng.int(0, 59);
}

// ---------------------------------------------------------------------------------------------
// Store and users.

function ensureStoreAndUsers(
  sqlite: BetterSqlite3.Database,
  seed: number,
  fromDay: number,
  untilDay: number,
  cal: Calendar,
): Advisor[] {
  const rng = new Rng(streamSeed(seed, 5));
  const at = cal.instant(fromDay, 8 * 3600);
  const store = sqlite.prepare('SELECT id FROM store_profile').get();
  if (!store) {
    sqlite
      .prepare(
        'INSERT INTO store_profile (id, name, address, postal_code, phone, updated_at) VALUES (1, ?, ?, ?, ?, ?)',
      )
      .run('示例市恒通汽车销售服务有限公司', '浙江省杭州市余杭区星桥街道示例路88号', '311100', '0571-86668888', at);
  }
  const users = sqlite.prepare('SELECT name, role, is_active FROM app_user ORDER BY id').all() as {
    name: string;
    role: string;
    is_active: number;
  }[];
  const taken = new Set(users.map((u) => u.name));
  const insert = sqlite.prepare(
    'INSERT INTO app_user (name, role, pin_salt, pin_hash, is_active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const existingAdvisors = users.filter((u) => u.role === 'advisor');
  let advisors: Advisor[];
  if (existingAdvisors.length > 0) {
    const active = existingAdvisors.filter((u) => u.is_active === 1);
    advisors = (active.length > 0 ? active : existingAdvisors).map((u) => ({
      name: u.name,
      fromDay: Number.NEGATIVE_INFINITY,
      toDay: Number.POSITIVE_INFINITY,
    }));
  } else {
    // Four advisors for the whole period, one who joined later, one who left (kept, inactive).
    const span = untilDay - fromDay;
    const windows: [number, number][] = [
      [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY],
      [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY],
      [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY],
      [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY],
      [fromDay + Math.round(span * 0.4), Number.POSITIVE_INFINITY],
      [Number.NEGATIVE_INFINITY, fromDay + Math.round(span * 0.6)],
    ];
    advisors = [];
    ADVISOR_NAMES.forEach((name, i) => {
      const salt = rng.hex(16);
      if (taken.has(name)) return;
      const [fromD, toD] = windows[i]!;
      const { hash } = hashPin(DEMO_PIN, salt);
      const active = toD === Number.POSITIVE_INFINITY;
      const updated = active ? at : cal.instant(toD, 18 * 3600);
      insert.run(name, 'advisor', salt, hash, active ? 1 : 0, at, updated);
      taken.add(name);
      advisors.push({ name, fromDay: fromD, toDay: toD });
    });
    if (advisors.length === 0)
      advisors.push({ name: '服务顾问', fromDay: Number.NEGATIVE_INFINITY, toDay: Number.POSITIVE_INFINITY });
  }
  if (!users.some((u) => u.role === 'manager')) {
    const salt = rng.hex(16);
    if (!taken.has(MANAGER_NAME)) {
      const { hash } = hashPin(DEMO_PIN, salt);
      insert.run(MANAGER_NAME, 'manager', salt, hash, 1, at, at);
    }
  }
  return advisors;
}

// ---------------------------------------------------------------------------------------------
// Writing.

function writeCustomers(sqlite: BetterSqlite3.Database, customers: CustomerSim[], terms: Term[]): void {
  const insert = sqlite.prepare(
    `INSERT INTO customer (id, name, mobile, other_phones, address, postal_code, birthday, preferred_call_time,
       is_do_not_contact, is_marketing_consent, notes, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const c of customers) {
    insert.run(
      c.id,
      c.name,
      c.mobile,
      JSON.stringify(c.otherPhones),
      c.address,
      c.postalCode,
      c.birthday,
      c.preferredCallTime,
      c.doNotContact ? 1 : 0,
      c.marketingConsent ? 1 : 0,
      c.notes,
      c.createdAt,
      c.createdAt,
    );
    for (const t of customerTerms({ id: c.id, name: c.name, mobile: c.mobile, otherPhones: c.otherPhones }))
      terms.push(t);
  }
}

function writeVehicles(
  sqlite: BetterSqlite3.Database,
  vehicles: VehicleSim[],
  untilDay: number,
  cal: Calendar,
  terms: Term[],
): void {
  const insert = sqlite.prepare(
    `INSERT INTO vehicle (id, plate, vin, model, color, delivery_date, owner_id, status, notes, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const v of vehicles) {
    let status: VehicleStatus = 'active';
    let notes = v.soldHere ? '' : VEHICLE_NOTES.walkIn[v.gen % 2]!;
    let updatedAt = v.createdAt;
    const lastVisit = v.visits.length > 0 ? v.visits[v.visits.length - 1]!.day : v.startDay;
    if (v.endReason !== null && v.endDay <= untilDay) {
      status = v.endReason;
      notes =
        v.endReason === 'sold'
          ? VEHICLE_NOTES.sold[v.gen % VEHICLE_NOTES.sold.length]!
          : VEHICLE_NOTES.scrapped[v.endDay - (v.deliveryDay ?? v.startDay) > 10 * 365 ? 1 : 0]!;
      updatedAt = maxString(updatedAt, cal.instant(Math.max(v.endDay, lastVisit), 16 * 3600 + (v.gen % 3600)));
    } else if (untilDay - lastVisit > 540 && v.gen % 20 < 3) {
      // The clerk marked some long-absent vehicles as lost after a follow-up call.
      status = 'lost';
      notes = VEHICLE_NOTES.lost[v.gen % VEHICLE_NOTES.lost.length]!;
      updatedAt = maxString(updatedAt, cal.instant(lastVisit + 400 + (v.gen % 100), 11 * 3600));
    }
    insert.run(
      v.id,
      v.plate,
      v.vin,
      v.model.name,
      v.color,
      v.deliveryDay === null ? null : cal.date(v.deliveryDay),
      v.owner.id,
      status,
      notes,
      v.createdAt,
      updatedAt,
    );
    for (const t of vehicleTerms({ id: v.id, plate: v.plate, vin: v.vin })) terms.push(t);
  }
}

function maxString(a: string, b: string): string {
  return a > b ? a : b;
}

interface Line {
  description: string;
  hours: number;
  amountFen: number;
}

interface PartRow {
  no: string;
  name: string;
  qty: number;
  unitFen: number;
  amountFen: number;
}

function writeRepairOrders(
  sqlite: BetterSqlite3.Database,
  args: {
    seed: number;
    visits: VisitSim[];
    advisors: Advisor[];
    roBase: number;
    untilDay: number;
    cal: Calendar;
    terms: Term[];
    onBatch: (n: number) => void;
  },
): void {
  const { visits, advisors, untilDay, cal, terms } = args;
  const rng = new Rng(streamSeed(args.seed, 6));
  const insertRo = sqlite.prepare(
    `INSERT INTO repair_order (id, ro_number, vehicle_id, customer_id, advisor_name, opened_at, mileage_in, type, status,
       completed_at, delivered_at, settled_at, payer, labor_fen, parts_fen, total_fen, complaint, declined_work,
       next_service_date, next_service_mileage, notes, source, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'demo', ?, ?)`,
  );
  const insertLabor = sqlite.prepare(
    'INSERT INTO ro_labor_line (ro_id, line_no, description, hours, amount_fen, payer) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const insertPart = sqlite.prepare(
    `INSERT INTO ro_part_line (ro_id, line_no, part_number, name, quantity, unit_price_fen, amount_fen, payer)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertMileage = sqlite.prepare(
    `INSERT INTO mileage_reading (vehicle_id, read_on, mileage, source, ro_id, created_at) VALUES (?, ?, ?, 'ro', ?, ?)`,
  );
  const repairJobs = new Weighted(REPAIR_JOBS);
  const evRepairJobs = new Weighted(EV_REPAIR_JOBS);
  const insuranceJobs = new Weighted(INSURANCE_JOBS);
  const warrantyJobs = new Weighted(WARRANTY_JOBS);
  const evWarrantyJobs = new Weighted(EV_WARRANTY_JOBS);
  const comebackJobs = new Weighted(COMEBACK_JOBS);
  // "Now" for the statuses: the end of the last day, when the clerk closes the daily report.
  const closeOfDay = untilDay * 86_400 + 18 * 3600 + 30 * 60;
  let seqDay = -1;
  let seq = 0;
  let batch = 0;
  visits.forEach((x, index) => {
    const v = x.vehicle;
    const roId = args.roBase + index + 1;
    if (x.day !== seqDay) {
      seqDay = x.day;
      seq = 0;
    }
    seq++;
    const date = cal.date(x.day);
    const roNumber = `RO${date.slice(2, 4)}${date.slice(5, 7)}${date.slice(8, 10)}${String(seq).padStart(4, '0')}`;
    const yearsBack = (untilDay - x.day) / 365;
    const rateFen = Math.round((18_000 * 0.97 ** yearsBack) / 100) * 100;
    const priceFactor = 0.985 ** yearsBack;
    const labour: Line[] = [];
    const parts: PartRow[] = [];
    const complaints: string[] = [];
    const addPart = (p: PartSpec, qty = p.qty) => {
      const unitFen = Math.round(p.price * 100 * priceFactor);
      parts.push({ no: p.no, name: p.name, qty, unitFen, amountFen: Math.round(qty * unitFen) });
    };
    const addJob = (job: JobSpec): boolean => {
      if (labour.length >= 4 || parts.length + job.parts.length > 6) return false;
      labour.push({ description: job.labour, hours: job.hours, amountFen: Math.round(job.hours * rateFen) });
      for (const p of job.parts) addPart(p);
      if (job.complaint) complaints.push(job.complaint);
      return true;
    };
    const electric = v.model.electric;
    let payer: Payer = 'customer';
    // Minutes from opening to completion.
    let workSeconds = rng.int(60, 150) * 60;
    let nextServiceDate: string | null = null;
    let nextServiceMileage: number | null = null;
    switch (x.type) {
      case 'first_service':
      case 'periodic_service': {
        const first = x.type === 'first_service';
        complaints.push(first ? '首次保养' : '定期保养');
        if (first) labour.push({ description: '首次保养(免费)', hours: 1, amountFen: 0 });
        if (electric) {
          if (!first) labour.push({ description: '电动车常规保养检查', hours: 1, amountFen: rateFen });
          if (x.day - v.lastCabinDay > 300) {
            addJob({ labour: '更换空调滤清器', hours: 0.3, parts: [{ ...CABIN_FILTER, no: '1EA819653' }] });
            v.lastCabinDay = x.day;
          }
        } else {
          if (!first) labour.push({ description: '更换机油机滤', hours: 0.6, amountFen: Math.round(0.6 * rateFen) });
          addPart(OIL);
          if (v.model.name === '途昂' || v.model.name === '帕萨特') addPart(OIL_TOP_UP);
          addPart(OIL_FILTER);
          addPart(DRAIN_SEAL);
          if (x.mileage - v.lastAirFilterKm >= 14_000) {
            addJob({ labour: '更换空气滤清器', hours: 0.2, parts: [AIR_FILTER] });
            v.lastAirFilterKm = x.mileage;
          }
          if (x.day - v.lastCabinDay > 330 && addJob({ labour: '更换空调滤清器', hours: 0.3, parts: [CABIN_FILTER] }))
            v.lastCabinDay = x.day;
          if (x.mileage - v.lastSparkKm >= 29_000 && addJob({ labour: '更换火花塞', hours: 1, parts: [SPARK_PLUGS] }))
            v.lastSparkKm = x.mileage;
          if (
            x.mileage - v.lastGearOilKm >= 58_000 &&
            addJob({ labour: '更换DSG变速箱油', hours: 1.5, parts: [GEAR_OIL] })
          )
            v.lastGearOilKm = x.mileage;
          if (rng.chance(0.22) && parts.length < 6) addPart(FUEL_CLEANER);
        }
        if (x.day - v.lastBrakeFluidDay > 700 && addJob({ labour: '更换制动液', hours: 1, parts: [BRAKE_FLUID] }))
          v.lastBrakeFluidDay = x.day;
        if (rng.chance(0.05)) addJob({ labour: '更换雨刮片', hours: 0.2, parts: [WIPERS] });
        if (x.extraRepair || rng.chance(0.12)) {
          addJob((electric ? evRepairJobs : repairJobs).pick(rng));
          workSeconds += rng.int(30, 120) * 60;
        }
        const months = electric ? 365 : 182;
        nextServiceDate = cal.date(x.day + months);
        nextServiceMileage = Math.round((x.mileage + (electric ? 15_000 : 7_500)) / 100) * 100;
        break;
      }
      case 'repair': {
        const jobs = electric ? evRepairJobs : repairJobs;
        const n = rng.chance(0.6) ? 1 : rng.chance(0.7) ? 2 : 3;
        for (let i = 0; i < n; i++) {
          const job = jobs.pick(rng);
          if (!labour.some((l) => l.description === job.labour)) addJob(job);
        }
        workSeconds = rng.int(60, 300) * 60 + (rng.chance(0.2) ? 86_400 : 0);
        break;
      }
      case 'body_paint': {
        const n = rng.chance(0.6) ? 1 : rng.chance(0.7) ? 2 : 3;
        const start = rng.int(0, PANELS.length - 1);
        for (let i = 0; i < n; i++) {
          const panel = PANELS[(start + i * 5) % PANELS.length]!;
          const dent = rng.chance(0.5);
          labour.push({
            description: dent ? `钣金喷漆 ${panel}` : `喷漆 ${panel}`,
            hours: dent ? 4.5 : 3.5,
            amountFen: Math.round((dent ? 4.5 : 3.5) * rateFen),
          });
          complaints.push(`${panel}${dent ? '凹陷' : '划痕'}`);
        }
        addPart(PAINT_MATERIAL, n);
        if (labour.some((l) => l.description.includes('保险杠'))) addPart(BUMPER_CLIPS);
        if (labour.length < 4 && rng.chance(0.3))
          labour.push({ description: '抛光打蜡', hours: 1, amountFen: rateFen });
        workSeconds = (n + rng.int(0, 2)) * 86_400 + rng.int(-120, 60) * 60;
        break;
      }
      case 'insurance': {
        payer = 'insurance';
        const job = insuranceJobs.pick(rng);
        addJob(job);
        const panel = job.labour.includes('后') ? '后保险杠' : '前保险杠';
        labour.push({ description: `钣金喷漆 ${panel}`, hours: 4.5, amountFen: Math.round(4.5 * rateFen) });
        addPart(PAINT_MATERIAL);
        if (rng.chance(0.4)) addJob(insuranceJobs.pick(rng));
        workSeconds = rng.int(2, 9) * 86_400 + rng.int(-120, 60) * 60;
        break;
      }
      case 'warranty': {
        payer = 'warranty';
        addJob((electric ? evWarrantyJobs : warrantyJobs).pick(rng));
        workSeconds = rng.chance(0.3) ? rng.int(1, 4) * 86_400 : rng.int(90, 300) * 60;
        break;
      }
      case 'comeback': {
        payer = 'internal';
        addJob(comebackJobs.pick(rng));
        workSeconds = rng.int(60, 240) * 60;
        break;
      }
    }
    const advisor = pickAdvisor(rng, advisors, v.advisor, x.day);
    const opened = x.day * 86_400 + x.second;
    let completed = opened + workSeconds;
    // Work finishes inside working hours: late jobs are finished the next morning.
    if (completed % 86_400 > 19 * 3600)
      completed = (Math.floor(completed / 86_400) + 1) * 86_400 + rng.int(9 * 60, 11 * 60) * 60;
    if (completed % 86_400 < 8 * 3600)
      completed = Math.floor(completed / 86_400) * 86_400 + rng.int(9 * 60, 11 * 60) * 60;
    let delivered = completed + rng.int(10, 150) * 60;
    if (delivered % 86_400 > 19 * 3600 || rng.chance(0.08))
      delivered = (Math.floor(completed / 86_400) + 1) * 86_400 + rng.int(8 * 60 + 30, 12 * 60) * 60;
    // The insurer settles later; everyone else pays at pick-up.
    const settled = payer === 'insurance' ? delivered + rng.int(3, 20) * 86_400 : delivered;
    let status: RoStatus = 'settled';
    if (completed > closeOfDay) status = 'in_repair';
    else if (delivered > closeOfDay) status = 'completed';
    else if (settled > closeOfDay) status = 'delivered';
    const completedAt = status === 'in_repair' ? null : cal.instant(0, completed);
    const deliveredAt = status === 'in_repair' || status === 'completed' ? null : cal.instant(0, delivered);
    const settledAt = status === 'settled' ? cal.instant(0, settled) : null;
    const openedAt = cal.instant(0, opened);
    const laborFen = labour.reduce((s, l) => s + l.amountFen, 0);
    const partsFen = parts.reduce((s, p) => s + p.amountFen, 0);
    const declined = rng.chance(0.08) ? rng.pick(DECLINED_WORK) : '';
    const notes = rng.chance(0.04) ? rng.pick(RO_NOTES) : '';
    insertRo.run(
      roId,
      roNumber,
      v.id,
      v.owner.id,
      advisor,
      openedAt,
      x.mileage,
      x.type,
      status,
      completedAt,
      deliveredAt,
      settledAt,
      payer,
      laborFen,
      partsFen,
      laborFen + partsFen,
      complaints.join('；'),
      declined,
      nextServiceDate,
      nextServiceMileage,
      notes,
      openedAt,
      settledAt ?? deliveredAt ?? completedAt ?? openedAt,
    );
    labour.forEach((l, i) => {
      insertLabor.run(roId, i + 1, l.description, l.hours, l.amountFen, payer);
    });
    parts.forEach((p, i) => {
      insertPart.run(roId, i + 1, p.no, p.name, p.qty, p.unitFen, p.amountFen, payer);
    });
    insertMileage.run(v.id, date, x.mileage, roId, openedAt);
    for (const t of repairOrderTerms({ id: roId, roNumber })) terms.push(t);
    if (++batch === 5000) {
      args.onBatch(batch);
      batch = 0;
    }
  });
  if (batch > 0) args.onBatch(batch);
}

function pickAdvisor(rng: Rng, advisors: Advisor[], preferred: number, day: number): string {
  const own = advisors[preferred % advisors.length]!;
  if (own.fromDay <= day && day <= own.toDay && rng.chance(0.7)) return own.name;
  const on = advisors.filter((a) => a.fromDay <= day && day <= a.toDay);
  return rng.pick(on.length > 0 ? on : advisors).name;
}

function writeTerms(sqlite: BetterSqlite3.Database, terms: Term[]): void {
  // Sorted by key, the B-tree is appended to instead of split all over: several times faster.
  terms.sort((a, b) => cmp(a.term, b.term) || a.kind - b.kind || a.entity_id - b.entity_id || a.field - b.field);
  const insert = sqlite.prepare('INSERT OR IGNORE INTO search_term (term, kind, entity_id, field) VALUES (?, ?, ?, ?)');
  for (const t of terms) insert.run(t.term, t.kind, t.entity_id, t.field);
}

// ---------------------------------------------------------------------------------------------
// 回访: the morning the demo store wakes up to (the day after `until`).

/** What the clerk heard on the calls of the past days (用户原话). */
const CALL_WORDS = ['车况很好，没有问题', '保养后开着挺好', '服务态度不错', '洗车挺干净', '价格还可以', ''];

/**
 * The clerk has been working the calls: the 7-day and satisfaction calls due on the past days were
 * made (most reached; a few not reached yet and still open, a few given up after three attempts and
 * waiting for an SMS, a few asked to be called back this afternoon). The calls due today are not
 * made yet, so the morning queue has the day's follow-ups and CSI calls. An invitation list of this
 * month has its letters sent a week ago (the reminder calls of the day), and one appointment of
 * yesterday was not kept (预约未到店). Uses the default 回访 settings (7 and 2 days, 5 days, 3 attempts).
 */
function writeMorningCalls(sqlite: BetterSqlite3.Database, seed: number, untilDay: number, cal: Calendar): void {
  const rng = new Rng(streamSeed(seed, 11));
  const today = cal.date(untilDay + 1);
  const clerk = (sqlite
    .prepare("SELECT id, name FROM app_user WHERE is_active = 1 ORDER BY role = 'clerk' DESC, id LIMIT 1")
    .get() as { id: number; name: string } | undefined) ?? { id: null, name: '信息员' };
  const insertCall = sqlite.prepare(
    `INSERT INTO revisit_call (call_key, kind, ro_id, vehicle_id, customer_id, due_on, callback_at, state, closed_at,
       closed_by, words, problem_fixed, attempts, last_attempt_at, last_outcome, created_at, updated_at)
     VALUES (@key, @kind, @roId, @vehicleId, @customerId, @dueOn, @callbackAt, @state, @closedAt, @closedBy, @words,
       @problemFixed, @attempts, @lastAt, @lastOutcome, @createdAt, @lastAt)`,
  );
  const insertAttempt = sqlite.prepare(
    `INSERT INTO revisit_attempt (call_id, at, outcome, callback_at, note, by_user_id, by_name)
     VALUES (?, ?, ?, ?, '', ?, ?)`,
  );
  const delivered = sqlite.prepare(
    `SELECT r.id, r.vehicle_id, coalesce(r.customer_id, v.owner_id) AS customer_id
     FROM repair_order r JOIN vehicle v ON v.id = r.vehicle_id
     WHERE (r.delivered_at >= @from AND r.delivered_at < @next)
        OR (r.delivered_at IS NULL AND r.settled_at >= @from AND r.settled_at < @next)
     ORDER BY r.id`,
  );
  /** A moment of `day` in a calling window (10:00-12:00 or 15:00-18:00). */
  const inWindow = (day: number) =>
    cal.instant(day, (rng.chance(0.6) ? 10 * 3600 : 15 * 3600) + rng.int(0, 100) * 60 + rng.int(0, 59));
  // The past 9 days' calls (2 × 5 days − 1: what the queue still looks at).
  for (let due = untilDay - 8; due <= untilDay; due++) {
    for (const [kind, days] of [
      ['followup7', 7],
      ['csi', 2],
    ] as const) {
      const on = cal.date(due - days);
      for (const ro of delivered.all({ from: on, next: cal.date(due - days + 1) }) as {
        id: number;
        vehicle_id: number;
        customer_id: number | null;
      }[]) {
        const roll = rng.next();
        const first = inWindow(due);
        const attempts: { at: string; outcome: string; callbackAt: string | null }[] = [];
        let state = 'done';
        let callbackAt: string | null = null;
        if (roll < 0.86) attempts.push({ at: first, outcome: 'reached', callbackAt: null });
        else if (roll < 0.92 && due >= untilDay - 3) {
          // Not reached yet: tried once or twice, overdue this morning.
          state = 'open';
          attempts.push({ at: first, outcome: rng.chance(0.5) ? 'no_answer' : 'busy', callbackAt: null });
          if (due < untilDay) attempts.push({ at: inWindow(untilDay), outcome: 'no_answer', callbackAt: null });
        } else if (roll < 0.95) {
          // Three times not reached: given up, an SMS or a letter to offer.
          state = 'unreached';
          attempts.push({ at: first, outcome: 'no_answer', callbackAt: null });
          attempts.push({ at: cal.instant(due, 16 * 3600 + rng.int(0, 90) * 60), outcome: 'off', callbackAt: null });
          attempts.push({ at: inWindow(Math.min(untilDay, due + 1)), outcome: 'no_answer', callbackAt: null });
          attempts.sort((a, b) => (a.at < b.at ? -1 : 1));
        } else if (roll < 0.97 && due >= untilDay - 2) {
          // 不方便: call back this afternoon.
          state = 'open';
          callbackAt = `${today}T${rng.chance(0.5) ? '15:30' : '16:00'}:00+08:00`;
          attempts.push({ at: first, outcome: 'call_back', callbackAt });
        } else attempts.push({ at: first, outcome: 'reached', callbackAt: null });
        const last = attempts[attempts.length - 1]!;
        const closed = state === 'open' ? null : last.at;
        const call = insertCall.run({
          key: `${kind}:ro:${ro.id}`,
          kind,
          roId: ro.id,
          vehicleId: ro.vehicle_id,
          customerId: ro.customer_id,
          dueOn: cal.date(due),
          callbackAt,
          state,
          closedAt: closed,
          closedBy: closed ? clerk.name : null,
          words: state === 'done' ? rng.pick(CALL_WORDS) : '',
          problemFixed: state === 'done' && kind === 'followup7' ? 'yes' : null,
          attempts: attempts.length,
          lastAt: last.at,
          lastOutcome: last.outcome,
          createdAt: attempts[0]!.at,
        });
        for (const a of attempts)
          insertAttempt.run(Number(call.lastInsertRowid), a.at, a.outcome, a.callbackAt, clerk.id, clerk.name);
      }
    }
  }

  // This month's invitation list: service visits about six months ago not followed by another visit.
  const sentOn = cal.date(untilDay + 1 - 7);
  const due = sqlite
    .prepare(
      `SELECT r.vehicle_id, v.owner_id, v.plate, v.vin, v.model, c.name, c.mobile, r.opened_at, r.mileage_in
       FROM repair_order r JOIN vehicle v ON v.id = r.vehicle_id JOIN customer c ON c.id = v.owner_id
       WHERE r.opened_at >= @from AND r.opened_at < @to AND r.type IN ('first_service', 'periodic_service')
         AND v.status = 'active' AND c.is_do_not_contact = 0 AND c.is_marketing_consent = 1
         AND c.mobile IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM repair_order later WHERE later.vehicle_id = r.vehicle_id AND later.opened_at > r.opened_at)
       ORDER BY r.opened_at, r.id
       LIMIT 40`,
    )
    .all({ from: cal.date(untilDay - 190), to: cal.date(untilDay - 175) }) as {
    vehicle_id: number;
    owner_id: number;
    plate: string | null;
    vin: string | null;
    model: string;
    name: string;
    mobile: string;
    opened_at: string;
    mileage_in: number | null;
  }[];
  if (due.length > 0) {
    const month = today.slice(0, 7);
    const listAt = cal.instant(untilDay - 9, 9 * 3600);
    const list = sqlite
      .prepare(
        'INSERT INTO invitation_list (title, period_from, period_to, created_at, created_by) VALUES (?, ?, ?, ?, ?)',
      )
      .run(`${month} 定保招揽`, `${month}-01`, cal.date(dayNumber(`${month}-01`) + 27), listAt, clerk.name);
    const insertRow = sqlite.prepare(
      `INSERT INTO invitation_row (list_id, vehicle_id, customer_id, kind, plate, vin, model, customer_name, phone,
         last_visit_on, last_km, due_on, due_by, explanation, letter_sent_on, letter_kind, created_at, updated_at)
       VALUES (?, ?, ?, 'periodic', ?, ?, ?, ?, ?, ?, ?, ?, 'time', '上次保养后 6 个月', ?, 'invitation', ?, ?)`,
    );
    for (const r of due) {
      const lastOn = r.opened_at.slice(0, 10);
      insertRow.run(
        Number(list.lastInsertRowid),
        r.vehicle_id,
        r.owner_id,
        r.plate,
        r.vin,
        r.model,
        r.name,
        r.mobile,
        lastOn,
        r.mileage_in,
        cal.date(dayNumber(lastOn) + 182),
        sentOn,
        listAt,
        listAt,
      );
    }
  }

  // Yesterday's appointment that was not kept.
  const noShow = sqlite
    .prepare(
      `SELECT v.id, v.owner_id FROM vehicle v JOIN customer c ON c.id = v.owner_id
       WHERE v.status = 'active' AND c.mobile IS NOT NULL AND c.is_do_not_contact = 0
         AND NOT EXISTS (SELECT 1 FROM repair_order r WHERE r.vehicle_id = v.id AND r.opened_at >= ?)
       ORDER BY v.id DESC LIMIT 1`,
    )
    .get(cal.date(untilDay - 30)) as { id: number; owner_id: number } | undefined;
  if (noShow) {
    const at = cal.instant(untilDay - 3, 10 * 3600 + 20 * 60);
    sqlite
      .prepare(
        `INSERT INTO appointment (customer_id, vehicle_id, date, time, purpose, source, state, created_at, created_by, updated_at)
         VALUES (?, ?, ?, '10:00', 'repair', 'phone_in', 'booked', ?, ?, ?)`,
      )
      .run(noShow.owner_id, noShow.id, cal.date(untilDay), at, clerk.name, at);
  }
}

// ---------------------------------------------------------------------------------------------
// 归档: the papers of the last two months and the current one (see seed-filing.ts).

/**
 * Filing began two months before the month of `until` (checkFrom = that month's first day): the
 * months since have their papers filed (~90%), the month of `until` open, the month before bound,
 * the one before that sent to the service centre; a binder and two papers on loan.
 */
function writeFiling(sqlite: BetterSqlite3.Database, seed: number, until: string): void {
  writeFilingData(sqlite, {
    rng: new Rng(streamSeed(seed, 12)),
    until,
    fromMonth: shiftMonth(until.slice(0, 7), -2),
    scene: true,
  });
}

// ---------------------------------------------------------------------------------------------
// 三包/索赔: the claims of the last 18 months, old parts, outside-service orders (see seed-claims.ts).

/** Claims open from the first day of the month 18 months before today; the Today board's scene. */
function writeClaims(sqlite: BetterSqlite3.Database, seed: number, until: string): void {
  writeClaimsData(sqlite, {
    rng: new Rng(streamSeed(seed, 13)),
    until,
    openFrom: `${shiftMonth(addDays(until, 1).slice(0, 7), -18)}-01`,
    scene: true,
  });
}
