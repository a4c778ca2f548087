/** Filled quantities netted by symbol (positive long), in the order first traded. */
export function netBySymbol(
  fills: readonly { symbol: string; quantity: number }[],
): Map<string, number> {
  const net = new Map<string, number>();
  for (const fill of fills) net.set(fill.symbol, (net.get(fill.symbol) ?? 0) + fill.quantity);
  return net;
}
