/**
 * The expert advisor around `ComputePlan`: new-bar detection on the strategy's timeframe for
 * every universe symbol, exits before entries at the first tick of the new bar, stops and
 * targets as the position's SL and TP, sizing converted to lots. It reads the file's #defines
 * (UNIVERSE_SIZE, STRATEGY_TIMEFRAME, DIRECTION, the exits ...) and inputs.
 */
export const bookkeeping = String.raw`
// The strategy's bars of one symbol, oldest first: prices, volume (real volume where the broker
// reports it, else tick volume) and open times in seconds on the trade server's clock.
struct BarSeries
  {
   double            open[];
   double            high[];
   double            low[];
   double            close[];
   double            volume[];
   long              time[];
  };

// What ComputePlan judges for one symbol: entry and exit signals per bar (RULE_FALSE, RULE_TRUE,
// RULE_UNKNOWN), the volatility target's fraction of equity, and the ATR series of ATR exits.
struct Plan
  {
   int               entry[];
   int               exitSignals[];
   bool              hasExit;
   double            sizeFraction[];
   double            stopAtr[];
   double            targetAtr[];
   double            trailAtr[];
  };
`.trim();

export const expertFunctions = String.raw`
CTrade   g_trade;
string   g_symbols[UNIVERSE_SIZE];
// Open time of the newest bar each symbol was judged on; a different one is a new bar.
datetime g_judgedBar[UNIVERSE_SIZE];

int OnInit(void)
  {
   string names[];
   if(StringSplit(InpSymbols, ',', names) != UNIVERSE_SIZE)
     {
      PrintFormat("InpSymbols must name %d broker symbols, comma-separated, for %s (was \"%s\")",
                  UNIVERSE_SIZE, UNIVERSE_NAMES, InpSymbols);
      return INIT_PARAMETERS_INCORRECT;
     }
   if(InpHistoryBars < WARM_UP_BARS || InpFixedLots < 0 || !SizingInputsValid())
     {
      PrintFormat("InpHistoryBars must be at least %d, InpFixedLots 0 or more, and the sizing input positive",
                  WARM_UP_BARS);
      return INIT_PARAMETERS_INCORRECT;
     }
   for(int s = 0; s < UNIVERSE_SIZE; s++)
     {
      string name = names[s];
      StringTrimLeft(name);
      StringTrimRight(name);
      if(!SymbolSelect(name, true))
        {
         PrintFormat("The broker has no symbol %s (error %d): set InpSymbols", name, GetLastError());
         return INIT_PARAMETERS_INCORRECT;
        }
      g_symbols[s] = name;
      // The bar open now was not seen from its first tick: judging starts with the next one.
      g_judgedBar[s] = iTime(name, STRATEGY_TIMEFRAME, 0);
     }
   g_trade.SetExpertMagicNumber(InpMagicNumber);
   g_trade.SetDeviationInPoints(InpDeviationPoints);
   // Other symbols' new bars arrive without a tick on this chart: a timer looks for them too.
   EventSetTimer(1);
   PrintFormat("%s: spec %s, generator %s, %s bars of %s", STRATEGY_NAME, SPEC_HASH, GENERATOR_VERSION,
               EnumToString(STRATEGY_TIMEFRAME), InpSymbols);
   return INIT_SUCCEEDED;
  }

void OnDeinit(const int reason)
  {
   EventKillTimer();
  }

void OnTick(void)
  {
   ProcessNewBars();
  }

void OnTimer(void)
  {
   ProcessNewBars();
  }

// At the first tick of a new bar, the bar that just closed is judged, as the backtest judges a
// bar's close: held symbols' exits first (their cash is free again for entries), then entries.
void ProcessNewBars(void)
  {
   BarSeries bars[UNIVERSE_SIZE];
   Plan plans[UNIVERSE_SIZE];
   bool fresh[UNIVERSE_SIZE];
   for(int s = 0; s < UNIVERSE_SIZE; s++)
     {
      fresh[s] = false;
      datetime opened = iTime(g_symbols[s], STRATEGY_TIMEFRAME, 0);
      if(opened == 0 || opened == g_judgedBar[s])
         continue;
      if(g_judgedBar[s] == 0)
        {
         // The first bar seen, already open: judging starts with the next one.
         g_judgedBar[s] = opened;
         continue;
        }
      int loaded = LoadBars(g_symbols[s], bars[s]);
      if(loaded < 0)
         continue; // history still loading: try again on the next tick
      g_judgedBar[s] = opened;
      if(loaded < WARM_UP_BARS)
        {
         PrintFormat("%s: %d completed bars, the rules need %d: no signal yet", g_symbols[s], loaded, WARM_UP_BARS);
         continue;
        }
      ComputePlan(bars[s], plans[s]);
      fresh[s] = true;
     }
   // A symbol held at the close is judged for its exit only, never for an entry on the same bar.
   bool flat[UNIVERSE_SIZE];
   for(int s = 0; s < UNIVERSE_SIZE; s++)
     {
      ulong ticket = FindPosition(s);
      flat[s] = ticket == 0;
      if(fresh[s] && ticket != 0)
         ManagePosition(s, ticket, bars[s], plans[s]);
     }
   for(int s = 0; s < UNIVERSE_SIZE; s++)
     {
      if(fresh[s] && flat[s] && plans[s].entry[ArraySize(plans[s].entry) - 1] == RULE_TRUE)
         OpenPosition(s, bars[s], plans[s]);
     }
  }

// Copies the completed bars (shift 1 back) of the strategy's timeframe; the number copied, or -1.
int LoadBars(string symbol, BarSeries &bars)
  {
   MqlRates rates[];
   int copied = CopyRates(symbol, STRATEGY_TIMEFRAME, 1, InpHistoryBars, rates);
   if(copied <= 0)
      return -1;
   ArrayResize(bars.open, copied);
   ArrayResize(bars.high, copied);
   ArrayResize(bars.low, copied);
   ArrayResize(bars.close, copied);
   ArrayResize(bars.volume, copied);
   ArrayResize(bars.time, copied);
   for(int i = 0; i < copied; i++)
     {
      bars.open[i] = rates[i].open;
      bars.high[i] = rates[i].high;
      bars.low[i] = rates[i].low;
      bars.close[i] = rates[i].close;
      bars.volume[i] = rates[i].real_volume > 0 ? (double)rates[i].real_volume : (double)rates[i].tick_volume;
      bars.time[i] = (long)rates[i].time;
     }
   return copied;
  }

// This EA's position in universe symbol s (selected), or 0.
ulong FindPosition(int s)
  {
   for(int i = PositionsTotal() - 1; i >= 0; i--)
     {
      ulong ticket = PositionGetTicket(i);
      if(ticket != 0 && PositionGetString(POSITION_SYMBOL) == g_symbols[s]
         && (ulong)PositionGetInteger(POSITION_MAGIC) == InpMagicNumber)
         return ticket;
     }
   return 0;
  }

// A held position at a new bar: exit on an exit signal or when the time exit is due, else move
// the stop to the trailing level (and set a stop or target its entry could not set).
void ManagePosition(int s, ulong ticket, const BarSeries &bars, const Plan &plan)
  {
   if(!PositionSelectByTicket(ticket))
      return;
   string symbol = g_symbols[s];
   int last = ArraySize(bars.close) - 1;
   // Bars held, the entry bar included: the entry bar's shift now that a new bar has opened.
   int held = iBarShift(symbol, STRATEGY_TIMEFRAME, (datetime)PositionGetInteger(POSITION_TIME));
   if(held < 1)
      return; // opened within the current bar (not by this EA), or its bar is not loaded
   bool signalled = plan.hasExit && plan.exitSignals[last] == RULE_TRUE;
   bool timedOut = TIME_EXIT_BARS > 0 && held >= TIME_EXIT_BARS;
   if(signalled || timedOut)
     {
      PrintFormat("%s: exit (%s) at the open", symbol, signalled ? "signal" : "time exit");
      g_trade.SetTypeFillingBySymbol(symbol);
      g_trade.PositionClose(ticket);
      Succeeded("exit", symbol);
      return;
     }
   double stop = 0.0, target = 0.0;
   if(!ProtectionLevels(bars, plan, PositionGetDouble(POSITION_PRICE_OPEN), held, stop, target))
      return;
   double currentStop = PositionGetDouble(POSITION_SL);
   double currentTarget = PositionGetDouble(POSITION_TP);
   double point = SymbolInfoDouble(symbol, SYMBOL_POINT);
   bool tighter = stop != 0.0 && (currentStop == 0.0 || DIRECTION * (stop - currentStop) > point / 2);
   bool missingTarget = target != 0.0 && currentTarget == 0.0;
   if(tighter || missingTarget)
      SetProtection(s, ticket, tighter ? stop : currentStop, missingTarget ? target : currentTarget);
  }

// Stop (the stop loss, or the trailing stop where tighter) and target of a position filled at
// fill and held for held bars, as the backtest sets them; 0 where there is none. False when an ATR
// distance is undefined (too little history before the signal bar).
bool ProtectionLevels(const BarSeries &bars, const Plan &plan, double fill, int held, double &stop, double &target)
  {
   int last = ArraySize(bars.close) - 1;
   int signalBar = last - held;
   if(signalBar < 0 || signalBar > last)
      return false;
   double stopDistance = DistanceAt(STOP_LOSS_KIND, STOP_LOSS_VALUE, plan.stopAtr, signalBar, fill);
   double targetDistance = DistanceAt(TAKE_PROFIT_KIND, TAKE_PROFIT_VALUE, plan.targetAtr, signalBar, fill);
   double trail = DistanceAt(TRAILING_STOP_KIND, TRAILING_STOP_VALUE, plan.trailAtr, signalBar, fill);
   if(!MathIsValidNumber(stopDistance + targetDistance + trail))
      return false;
   stop = STOP_LOSS_KIND == EXIT_NONE ? 0.0 : fill - DIRECTION * stopDistance;
   target = TAKE_PROFIT_KIND == EXIT_NONE ? 0.0 : fill + DIRECTION * targetDistance;
   if(TRAILING_STOP_KIND != EXIT_NONE)
     {
      // The best price since entry: the fill, then every completed bar from the entry bar on.
      double extreme = fill;
      for(int i = signalBar + 1; i <= last; i++)
         extreme = DIRECTION == 1 ? MathMax(extreme, bars.high[i]) : MathMin(extreme, bars.low[i]);
      double distance = TRAILING_STOP_KIND == EXIT_PERCENT ? (extreme * TRAILING_STOP_VALUE) / 100 : trail;
      double trailing = extreme - DIRECTION * distance;
      if(stop == 0.0 || DIRECTION * (trailing - stop) > 0)
         stop = trailing;
     }
   return true;
  }

// Sets a position's SL and TP; a level the market has already passed closes it now, as the
// backtest fills a stop or target the open gaps through at the open.
void SetProtection(int s, ulong ticket, double stop, double target)
  {
   string symbol = g_symbols[s];
   int digits = (int)SymbolInfoInteger(symbol, SYMBOL_DIGITS);
   stop = stop == 0.0 ? 0.0 : NormalizeDouble(stop, digits);
   target = target == 0.0 ? 0.0 : NormalizeDouble(target, digits);
   double price = DIRECTION == 1 ? SymbolInfoDouble(symbol, SYMBOL_BID) : SymbolInfoDouble(symbol, SYMBOL_ASK);
   bool stopped = stop != 0.0 && DIRECTION * (price - stop) <= 0;
   if(stopped || (target != 0.0 && DIRECTION * (price - target) >= 0))
     {
      PrintFormat("%s: the price is through the %s: closing", symbol, stopped ? "stop" : "target");
      g_trade.SetTypeFillingBySymbol(symbol);
      g_trade.PositionClose(ticket);
      Succeeded(stopped ? "stop" : "target", symbol);
      return;
     }
   g_trade.PositionModify(ticket, stop, target);
   Succeeded("set SL/TP", symbol);
  }

// Opens a position at the first tick of the bar after the entry signal, sized as the backtest
// sizes it, and protects it at the levels of its actual fill.
void OpenPosition(int s, const BarSeries &bars, const Plan &plan)
  {
   string symbol = g_symbols[s];
   double stop = 0.0, target = 0.0;
   double price = DIRECTION == 1 ? SymbolInfoDouble(symbol, SYMBOL_ASK) : SymbolInfoDouble(symbol, SYMBOL_BID);
   if(!ProtectionLevels(bars, plan, price, 0, stop, target))
     {
      PrintFormat("%s: entry skipped, its ATR exit distance is not defined yet", symbol);
      return;
     }
   double lots = EntryLots(symbol, plan, ArraySize(plan.entry) - 1, price);
   if(lots <= 0)
      return;
   PrintFormat("%s: entry of %s lots at the open", symbol, DoubleToString(lots, 2));
   string comment = StringFormat("alphadesk %s", StringSubstr(SPEC_HASH, 0, 8));
   g_trade.SetTypeFillingBySymbol(symbol);
   if(DIRECTION == 1)
      g_trade.Buy(lots, symbol, 0.0, 0.0, 0.0, comment);
   else
      g_trade.Sell(lots, symbol, 0.0, 0.0, 0.0, comment);
   if(!Succeeded("entry", symbol))
      return;
   ulong ticket = FindPosition(s);
   if(ticket == 0)
      return;
   // Levels from the actual fill, as the backtest sets them from its fill.
   if(ProtectionLevels(bars, plan, PositionGetDouble(POSITION_PRICE_OPEN), 0, stop, target)
      && (stop != 0.0 || target != 0.0))
      SetProtection(s, ticket, stop, target);
  }

// Lots for a new position: the wanted cash capped by buying power (equity minus the gross value
// of open positions: no leverage), over the fill and its fee, in lots of the symbol.
double EntryLots(string symbol, const Plan &plan, int signalBar, double price)
  {
   if(InpFixedLots > 0)
      return NormalizeLots(symbol, InpFixedLots);
   double perLot = NotionalPerLot(symbol, price);
   double equity = AccountInfoDouble(ACCOUNT_EQUITY);
   double wanted = WantedNotional(plan, signalBar, equity);
   if(!MathIsValidNumber(wanted) || perLot <= 0)
      return 0.0; // no volatility estimate yet, or no price
   double notional = MathMin(wanted, equity - GrossExposure());
   if(notional <= 0)
      return 0.0;
   return NormalizeLots(symbol, notional / (perLot * (1 + FEE_RATE)));
  }

// Rounds lots down to the symbol's volume step within its limits; 0 below the minimum.
double NormalizeLots(string symbol, double lots)
  {
   double step = SymbolInfoDouble(symbol, SYMBOL_VOLUME_STEP);
   double minimum = SymbolInfoDouble(symbol, SYMBOL_VOLUME_MIN);
   double maximum = SymbolInfoDouble(symbol, SYMBOL_VOLUME_MAX);
   if(step > 0)
      lots = MathFloor(lots / step + 1e-9) * step;
   if(lots < minimum)
     {
      PrintFormat("%s: %s lots is below the minimum of %s: no entry", symbol, DoubleToString(lots, 8),
                  DoubleToString(minimum, 8));
      return 0.0;
     }
   return NormalizeDouble(MathMin(lots, maximum), 8);
  }

// Value of one lot at price, in the account currency (tick value per tick size).
double NotionalPerLot(string symbol, double price)
  {
   double tickSize = SymbolInfoDouble(symbol, SYMBOL_TRADE_TICK_SIZE);
   double tickValue = SymbolInfoDouble(symbol, SYMBOL_TRADE_TICK_VALUE);
   return tickSize > 0 ? price * tickValue / tickSize : 0.0;
  }

// The gross value of this EA's open positions, in the account currency.
double GrossExposure(void)
  {
   double gross = 0.0;
   for(int i = PositionsTotal() - 1; i >= 0; i--)
     {
      ulong ticket = PositionGetTicket(i);
      if(ticket == 0 || (ulong)PositionGetInteger(POSITION_MAGIC) != InpMagicNumber)
         continue;
      string symbol = PositionGetString(POSITION_SYMBOL);
      gross += PositionGetDouble(POSITION_VOLUME) * NotionalPerLot(symbol, PositionGetDouble(POSITION_PRICE_CURRENT));
     }
   return gross;
  }

// Whether the last trade request was carried out; logs its return code when not.
bool Succeeded(string action, string symbol)
  {
   uint code = g_trade.ResultRetcode();
   if(code == TRADE_RETCODE_DONE || code == TRADE_RETCODE_DONE_PARTIAL || code == TRADE_RETCODE_PLACED)
      return true;
   PrintFormat("%s %s failed: retcode %u (%s)", action, symbol, code, g_trade.ResultRetcodeDescription());
   return false;
  }
`.trim();
