/** The little of lunar-javascript (CommonJS, untyped) that the holiday dates use. */
declare module 'lunar-javascript' {
  interface Solar {
    toYmd(): string;
  }
  interface Lunar {
    getSolar(): Solar;
  }
  const lunar: {
    Lunar: { fromYmd(year: number, month: number, day: number): Lunar };
    Solar: { fromYmd(year: number, month: number, day: number): Solar };
  };
  export default lunar;
}
