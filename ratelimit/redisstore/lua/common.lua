-- Shared part of the Redis store's scripts: a port of ratelimit.MemoryStore
-- (the reference semantics) to Lua. Every script works on one limit key:
--   KEYS[1]  the window state, a MessagePack blob (string)
--   KEYS[2]  the daily counters, a hash (d = UTC day number, w = writes,
--            t = tokens, l = server-reported token limit, plus the latest
--            configuration so that State can report the budgets)
-- Times are microseconds since the Unix epoch (Redis TIME, or the caller's
-- clock); round trips are kept in nanoseconds, as the Go store keeps them,
-- and converted up to whole microseconds where they move a time, so that a
-- slot is never released earlier than the Go store would release it.

local DAY = 86400000000          -- one UTC day, us
local REJ = 9007199254740992     -- obs of a refused (429) request: never
local INF = 4611686018427387904  -- "never" for waits (2^62 us)
local HEADROOM_FOR = 30000000    -- us
local STARTUP_FOR = 4000000      -- us (2 windows)
local RTT_CAP = 10000000000      -- ns
local FOREIGN_FRESH = 100000     -- us
local DAY_GRACE_MS = 3600000     -- the daily hash outlives its day by 1 h

local READ, WRITE, SEARCH = 0, 1, 2
local R_NONE, R_WINDOW, R_SEARCH, R_SERVER, R_DAILY, R_TOKENS, R_SYNC = 0, 1, 2, 3, 4, 5, 6

local function trunc(x)
  if x >= 0 then return math.floor(x) end
  return math.ceil(x)
end
local function idiv(a, b) return trunc(a / b) end
local function us_up(ns) return math.ceil(ns / 1000) end

local function clock(arg)
  local n = tonumber(arg)
  if n < 0 then
    local t = redis.call('TIME')
    n = tonumber(t[1]) * 1000000 + tonumber(t[2])
  end
  return n
end

local function newwin()
  return {e = {}, h = 0, n = 0, l = 0, f = 0, fa = 0, fu = 0, fs = 0, fp = 0, pa = 0,
          b = 0, vs = 0, vt = 0, fv = 0, r = 0, mr = 0}
end

local function load_state(key)
  local blob = redis.call('GET', key)
  if not blob then
    return {m = newwin(), s = newwin(), ls = 0, lt = 0, sp = 0, dl = 0, ds = 0, cw = 0, ct = 0,
            st = 0, hd = {-1, -1, -1, -1, -1, -1, -1}, sn = 0}, false
  end
  local S = cmsgpack.unpack(blob)
  for _, w in ipairs({S.m, S.s}) do
    w.h = 0
    w.n = #w.e / 4
  end
  return S, true
end

local function packwin(w)
  local out = {}
  local b = w.h * 4
  for i = 1, w.n * 4 do out[i] = w.e[b + i] end
  local c = {}
  for k, v in pairs(w) do c[k] = v end
  c.e, c.h, c.n = out, nil, nil
  return c
end

local function save_state(key, S, now, idle_ms)
  local blocked = math.max(S.m.b, S.s.b) - now
  local ttl = math.max(idle_ms, math.ceil(blocked / 1000) + 1000, math.ceil(S.sp / 1000) + 1000)
  local T = {}
  for k, v in pairs(S) do T[k] = v end
  T.m, T.s = packwin(S.m), packwin(S.s)
  redis.call('SET', key, cmsgpack.pack(T), 'PX', ttl)
end

local function load_daily(key, now)
  local v = redis.call('HMGET', key, 'd', 'w', 't', 'l')
  local D = {d = math.floor(now / DAY), w = 0, t = 0, l = 0}
  if v[1] then
    D.d, D.w, D.t, D.l = tonumber(v[1]), tonumber(v[2]) or 0, tonumber(v[3]) or 0, tonumber(v[4]) or 0
  end
  D.o = {D.d, D.w, D.t, D.l}
  return D, v[1] ~= false and v[1] ~= nil
end

local function roll_day(D, now)
  local d = math.floor(now / DAY)
  if d ~= D.d then
    D.d, D.w, D.t, D.l = d, 0, 0, 0
  end
end

-- save_daily writes the counters back when they changed (or the
-- configuration did) and keeps the hash until an hour after its day ends.
-- A day with nothing spent leaves no hash behind.
local function save_daily(key, D, S, now, existed)
  if D.w == 0 and D.t == 0 and D.l == 0 then
    if existed then redis.call('DEL', key) end
    return
  end
  local o = D.o
  if existed and o[1] == D.d and o[2] == D.w and o[3] == D.t and o[4] == D.l and not D.cfg then
    return
  end
  redis.call('HSET', key, 'd', D.d, 'w', D.w, 't', D.t, 'l', D.l,
    'cw', S.cw, 'ct', S.ct, 'dl', S.dl, 'ds', S.ds)
  redis.call('PEXPIRE', key, math.ceil(((D.d + 1) * DAY - now) / 1000) + DAY_GRACE_MS)
end

local function token_budget(D, configured)
  if D.l > 0 then return D.l end
  return math.max(configured, 0)
end

-- The window: entries in admission order, four numbers each (t, exp,
-- obs, seq), starting after h entries already dropped from the head.
local function at(w, i) return (w.h + i) * 4 end

local function expire(w, now)
  local e = w.e
  while w.n > 0 and e[w.h * 4 + 2] <= now do
    w.h = w.h + 1
    w.n = w.n - 1
  end
end

local function compact(w, now)
  expire(w, now)
  local e, j = w.e, 0
  for i = 0, w.n - 1 do
    local s = at(w, i)
    if e[s + 2] > now then
      local d = at(w, j)
      e[d + 1], e[d + 2], e[d + 3], e[d + 4] = e[s + 1], e[s + 2], e[s + 3], e[s + 4]
      j = j + 1
    end
  end
  w.n = j
end

local function push(w, t, exp, seq)
  local d = at(w, w.n)
  w.e[d + 1], w.e[d + 2], w.e[d + 3], w.e[d + 4] = t, exp, 0, seq
  w.n = w.n + 1
end

local function limit_of(w, def)
  if w.l > 0 then return w.l end
  return math.max(def, 1)
end

local function reserve(w, now, headroom)
  local f = 0
  if w.f > 0 and now < w.fu then f = w.f end
  if headroom > 0 and ((now - w.fs < HEADROOM_FOR and w.fs ~= 0) or
      (w.fv ~= 0 and now - w.fv < STARTUP_FOR)) then
    f = f + headroom
  end
  return f
end

-- first index whose seq is > seq (gt) or >= seq (not gt)
local function search_seq(w, seq, gt)
  local lo, hi = 0, w.n
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    local s = w.e[at(w, mid) + 4]
    if (gt and s > seq) or (not gt and s >= seq) then hi = mid else lo = mid + 1 end
  end
  return lo
end

local function nth_expiry(w, k)
  if k == 1 then
    local m = w.e[at(w, 0) + 2]
    for i = 1, w.n - 1 do m = math.min(m, w.e[at(w, i) + 2]) end
    return m
  end
  local exps = {}
  for i = 0, w.n - 1 do exps[i + 1] = w.e[at(w, i) + 2] end
  table.sort(exps)
  return exps[k]
end

local function simulate(w, now, c, span, queued)
  if c < 1 then return INF end
  local ts = {}
  for m = 0, queued do
    local t = now
    local i = w.n + m - c
    if i >= 0 then
      local prev
      if i < w.n then prev = w.e[at(w, i) + 1] else prev = ts[i - w.n + 1] end
      t = math.max(now, prev + span)
    end
    ts[m + 1] = t
  end
  return ts[queued + 1]
end

-- check: A = {win (us), headroom, stale (ns), probes}
local function check(w, now, limit, A, queued)
  expire(w, now)
  if now < w.b then return false, w.b - now, R_SERVER end
  local f = reserve(w, now, A.headroom)
  local allowed = limit - f
  if queued > 0 then
    compact(w, now)
    if w.n + queued < allowed then return true, 0, R_NONE end
    local u = simulate(w, now, allowed, A.win, queued)
    if w.f > 0 and now < w.fu then
      u = math.min(u, math.max(w.fu, simulate(w, now, limit - (f - w.f), A.win, queued)))
    end
    return false, math.max(u - now, 1), R_WINDOW
  end
  local stale = A.probes > 0 and w.vt ~= 0 and (now - w.vt) * 1000 > A.stale + 2 * w.r
  if stale then
    local assumed = math.min(math.max(idiv(limit, 4), w.fp), idiv(limit, 2)) + A.headroom
    allowed = math.min(allowed, limit - assumed)
  end
  if w.n >= allowed then compact(w, now) end
  if w.n < allowed then
    if stale then
      local i = search_seq(w, w.vs, true)
      if w.n - i >= A.probes then
        return false, math.max(w.e[at(w, i) + 2] - now, 1), R_SYNC
      end
    end
    return true, 0, R_NONE
  end
  local u = INF
  local need = w.n - allowed + 1
  if need <= w.n then u = nth_expiry(w, need) end
  if w.f > 0 and now < w.fu then u = math.min(u, w.fu) end
  if u == INF or u <= now then u = now + math.max(us_up(A.stale), 1) end
  return false, u - now, R_WINDOW
end

local function count_ours(w, from, upto)
  local c, e = 0, w.e
  for i = w.n - 1, 0, -1 do
    local s = at(w, i)
    if e[s + 1] <= from then break end
    local obs = e[s + 3]
    if obs ~= 0 and obs <= upto then c = c + 1 end
  end
  return c
end

-- observed records the response to admission seq and returns the index of
-- its entry in w.e (nil when it left the window). O = {status, span (ns)}.
local function observed(w, seq, admitted, now, O)
  local rtt = (now - admitted) * 1000
  if rtt >= 0 and rtt < RTT_CAP then
    w.r = w.r + idiv(rtt - w.r, 8)
    if w.mr == 0 or rtt < w.mr then
      w.mr = rtt
    else
      w.mr = w.mr + idiv(rtt - w.mr, 64)
    end
  end
  local i = search_seq(w, seq, false)
  if i == w.n then return nil end
  local s = at(w, i)
  if w.e[s + 4] ~= seq then return nil end
  if O.status == 429 then
    w.e[s + 3], w.e[s + 2] = REJ, now
  else
    w.e[s + 3] = now
    w.e[s + 2] = math.max(w.e[s + 2], now + us_up(O.span - idiv(w.mr, 2)))
  end
  return s
end

local function wstate(w, now, limit)
  local inw, reset = 0, 0
  for i = 0, w.n - 1 do
    local exp = w.e[at(w, i) + 2]
    if exp > now then
      if reset == 0 or exp < reset then reset = exp end
      inw = inw + 1
    end
  end
  local foreign = 0
  if w.f > 0 and now < w.fu then foreign = w.f end
  return inw, foreign, math.max(limit - inw - foreign, 0), reset
end
