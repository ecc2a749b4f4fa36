/** The little of lunar-javascript (CommonJS, untyped) that the holiday dates and working days use. */
declare module 'lunar-javascript' {
  interface Solar {
    toYmd(): string;
  }
  interface Lunar {
    getSolar(): Solar;
  }
  /** One day of the State Council's holiday arrangement: off (放假) or an adjusted working day (调休上班). */
  interface Holiday {
    getDay(): string;
    getName(): string;
    /** True for an adjusted working day (a weekend day worked), false for a day off. */
    isWork(): boolean;
    getTarget(): string;
  }
  const lunar: {
    Lunar: { fromYmd(year: number, month: number, day: number): Lunar };
    Solar: { fromYmd(year: number, month: number, day: number): Solar };
    HolidayUtil: {
      /** The arrangement of that day (`YYYY-MM-DD`), or null for an ordinary day. */
      getHoliday(ymd: string): Holiday | null;
      /** Every arranged day of a year (empty: the library has no data for it). */
      getHolidays(year: number): Holiday[];
    };
  };
  export default lunar;
}
