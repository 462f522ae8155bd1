/**
 * The cross-year allocation rule: a teacher's counted hours of one category split over school years by the
 * county's shares (whole percents summing to 100). Worked in hundredths of an hour so the years add up exactly
 * to the counted total: each year gets its share rounded down, the last year with a share takes the remainder.
 */
export function allocateHours(hours: number, shares: Record<string, number>): Array<{ year: number; hours: number }> {
  const total = Math.round(hours * 100);
  const years = Object.keys(shares)
    .map(Number)
    .sort((a, b) => a - b);
  const last = [...years].reverse().find((y) => (shares[String(y)] ?? 0) > 0);
  let given = 0;
  return years.map((year) => {
    const share = shares[String(year)] ?? 0;
    const cents = year === last ? total - given : Math.floor((total * share) / 100);
    given += cents;
    return { year, hours: cents / 100 };
  });
}
