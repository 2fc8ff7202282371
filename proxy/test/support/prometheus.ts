/**
 * One counter as a Prometheus server scrapes it from the proxy's endpoint (PROMETHEUS_PORT): the sum of its
 * samples per value of one label, e.g. `{ rate_limit: 5, token_cache: 1 }` for the shared-store fallbacks by part.
 */
export async function counterBy(metricsUrl: string, metric: string, label: string): Promise<Record<string, number>> {
  const text = await (await fetch(metricsUrl)).text();
  const counts: Record<string, number> = {};
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${metric}{`)) continue;
    const labels = line.slice(metric.length + 1, line.lastIndexOf('}'));
    const value = new RegExp(`(?:^|,)${label}="([^"]*)"`).exec(labels)?.[1];
    if (value !== undefined) counts[value] = (counts[value] ?? 0) + Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return counts;
}
