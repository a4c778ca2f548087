/** Universes that ship with Alphadesk; user-defined ones are stored and may not take these names. */
export const builtinUniverses: readonly { name: string; description: string; symbols: string[] }[] =
  [
    {
      name: "sector-etfs",
      description: "SPDR Select Sector ETFs",
      symbols: ["XLB", "XLC", "XLE", "XLF", "XLI", "XLK", "XLP", "XLRE", "XLU", "XLV", "XLY"],
    },
    {
      name: "index-etfs",
      description: "Broad US index ETFs",
      symbols: ["SPY", "QQQ", "IWM", "DIA"],
    },
    {
      name: "commodity-etfs",
      description: "Commodity proxies",
      symbols: ["GLD", "SLV", "USO", "UNG", "DBA"],
    },
    {
      name: "bond-etfs",
      description: "Bond proxies",
      symbols: ["TLT", "IEF", "SHY", "LQD", "HYG"],
    },
    {
      name: "fx-majors",
      description: "FX majors against the US dollar",
      symbols: ["EUR/USD", "GBP/USD", "USD/JPY", "USD/CHF", "AUD/USD", "USD/CAD", "NZD/USD"],
    },
    {
      name: "cme-micros",
      description:
        "CME micro futures (continuous contracts): S&P 500, Nasdaq-100, Russell 2000, Dow, gold, crude",
      symbols: ["MES", "MNQ", "M2K", "MYM", "MGC", "MCL"],
    },
    {
      name: "crypto-majors",
      description: "Major crypto pairs against the US dollar",
      symbols: [
        "BTC/USD",
        "ETH/USD",
        "SOL/USD",
        "XRP/USD",
        "ADA/USD",
        "DOGE/USD",
        "AVAX/USD",
        "LTC/USD",
      ],
    },
  ];
