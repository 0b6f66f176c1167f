-- Shared part of the Redis store's scripts: a port of ratelimit.MemoryStore
-- (the reference semantics) to Lua. Every script works on one limit key:
--   KEYS[1]  the window state, a MessagePack blob (string)
--   KEYS[5]  the daily token counters (the company's) when they are not
--            kept in KEYS[2]
--   KEYS[2]  the daily counters, a hash (d = UTC day number, w = writes,
--            t = tokens, l = server-reported token limit, plus the latest
--            configuration so that State can report the budgets)
-- Times are microseconds since the Unix epoch (Redis TIME, or the caller's
-- clock); round trips are kept in nanoseconds, as the Go store keeps them,
-- and converted up to whole microseconds where they move a time, so that a
-- slot is never released earlier than the Go store would release it.

-- Redis 5 and later replicate a script's effects, so reading TIME before
-- writing is allowed; Redis 3.2 and 4 need to be asked.
if redis.replicate_commands then redis.replicate_commands() end

local DAY = 86400000000          -- one UTC day, us
local REJ = 9007199254740992     -- obs of a refused (429) request: never
local INF = 4611686018427387904  -- "never" for waits (2^62 us)
local HEADROOM_FOR = 30000000    -- us
local STARTUP_FOR = 2000000      -- us (1 window)
local RTT_CAP = 10000000000      -- ns
local FOREIGN_FRESH = 100000     -- us
local MIN_FIFO_GAP = 1000000     -- ns
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

-- A record: t, exp, obs, seq, the window's drop count at admission, and
-- the server's count its response reported (0: none).
local REC = 48
local RN = 6
-- Window fields; ro: when requests were last found counted out of
-- admission order, fl: a window reported full holds no free slot until
-- then, dr: admissions dropped from the log so far, gu: the latest expiry
-- among them.
local WFIELDS = {'l', 'f', 'fa', 'fu', 'fs', 'fp', 'pa', 'b', 'vs', 'vt', 'fv', 'r', 'mr', 'h', 'n', 'ro', 'fl', 'dr', 'gu'}
local KFIELDS = {'ls', 'lt', 'sp', 'dl', 'ds', 'cw', 'ct', 'st', 'sn'}
local HEADER_N = #KFIELDS + 7 + 2 * #WFIELDS
local HEADER_FMT = '<' .. string.rep('d', HEADER_N)
local CHUNK = 1000 -- records decoded per struct.unpack call (Lua's stack)
local CHUNK_FMT = '<' .. string.rep('d', RN * CHUNK)

local function newwin(key)
  local w = {key = key}
  for _, f in ipairs(WFIELDS) do w[f] = 0 end
  return w
end

local function load_state(keys)
  local blob = redis.call('GET', keys[1])
  local S = {m = newwin(keys[3]), s = newwin(keys[4]), hd = {-1, -1, -1, -1, -1, -1, -1}}
  if blob and #blob ~= HEADER_N * 8 then
    -- written by an earlier version of the scripts: start afresh
    redis.call('DEL', keys[3], keys[4])
    blob = nil
  end
  if not blob then
    for _, f in ipairs(KFIELDS) do S[f] = 0 end
    return S, false
  end
  local v = {struct.unpack(HEADER_FMT, blob)}
  local i = 1
  for _, f in ipairs(KFIELDS) do S[f] = v[i]; i = i + 1 end
  for j = 1, 7 do S.hd[j] = v[i]; i = i + 1 end
  for _, w in ipairs({S.m, S.s}) do
    for _, f in ipairs(WFIELDS) do w[f] = v[i]; i = i + 1 end
    if w.h + w.n > 0 and redis.call('STRLEN', w.key) ~= (w.h + w.n) * REC then
      -- the log was lost (evicted under memory pressure): start afresh
      redis.call('DEL', w.key)
      w.h, w.n = 0, 0
    end
  end
  return S, true
end

-- dec decodes the live records into w.d (a flat array, record i at
-- w.d[RN * (i + w.o) + 1 ..]), once per script.
local function dec(w)
  if w.d then return w.d end
  local d, o = {}, 0
  local s = ''
  if w.n > 0 then s = redis.call('GETRANGE', w.key, w.h * REC, (w.h + w.n) * REC - 1) end
  local left, pos = w.n, 1
  if left > 0 and left <= CHUNK then
    -- one call; the position struct.unpack adds after the values is
    -- overwritten by the next push
    local fmt = CHUNK_FMT
    if left < CHUNK then fmt = '<' .. string.rep('d', RN * left) end
    w.d, w.o = {struct.unpack(fmt, s)}, 0
    return w.d
  end
  while left > 0 do
    local k = math.min(left, CHUNK)
    local fmt = CHUNK_FMT
    if k < CHUNK then fmt = '<' .. string.rep('d', RN * k) end
    local v = {struct.unpack(fmt, s, pos)}
    for j = 1, RN * k do d[o + j] = v[j] end
    o, pos, left = o + RN * k, pos + k * REC, left - k
  end
  w.d, w.o = d, 0
  return d
end

local function field(w, i, k)
  if w.d then return w.d[RN * (i + w.o) + k] end
  local off = (w.h + i) * REC + (k - 1) * 8
  return (struct.unpack('<d', redis.call('GETRANGE', w.key, off, off + 7)))
end

local function rec(w, i)
  if w.d then
    local j = RN * (i + w.o)
    return w.d[j + 1], w.d[j + 2], w.d[j + 3], w.d[j + 4], w.d[j + 5], w.d[j + 6]
  end
  local off = (w.h + i) * REC
  return struct.unpack('<dddddd', redis.call('GETRANGE', w.key, off, off + REC - 1))
end

local function t_of(w, i) return field(w, i, 1) end
local function exp_of(w, i) return field(w, i, 2) end
local function seq_of(w, i) return field(w, i, 4) end

-- set_rec rewrites a record's exp and obs.
local function set_rec(w, i, exp, obs)
  redis.call('SETRANGE', w.key, (w.h + i) * REC + 8, struct.pack('<dd', exp, obs))
  if w.d then
    local j = RN * (i + w.o)
    w.d[j + 2], w.d[j + 3] = exp, obs
  end
end

-- set_cnt records the server's count a record's response reported.
local function set_cnt(w, i, cnt)
  redis.call('SETRANGE', w.key, (w.h + i) * REC + 40, struct.pack('<d', cnt))
  if w.d then w.d[RN * (i + w.o) + 6] = cnt end
end

local function expire(w, now)
  local k = 0
  while k < w.n do
    local exp = exp_of(w, k)
    if exp > now then break end
    w.gu = math.max(w.gu, exp)
    k = k + 1
  end
  if k > 0 then
    w.h, w.n = w.h + k, w.n - k
    w.dr = w.dr + k
    if w.d then w.o = w.o + k end
  end
end

local function compact(w, now)
  expire(w, now)
  local d = dec(w)
  local kept, packed, j = {}, {}, 0
  for i = 0, w.n - 1 do
    local b = RN * (i + w.o)
    if d[b + 2] > now then
      for k = 1, RN do kept[RN * j + k] = d[b + k] end
      j = j + 1
      packed[j] = struct.pack('<dddddd', d[b + 1], d[b + 2], d[b + 3], d[b + 4], d[b + 5], d[b + 6])
    else
      w.gu = math.max(w.gu, d[b + 2])
    end
  end
  if j < w.n then
    w.dr = w.dr + w.n - j
    if j > 0 then redis.call('SET', w.key, table.concat(packed)) else redis.call('DEL', w.key) end
    w.h, w.n, w.d, w.o = 0, j, kept, 0
  end
end

local function push(w, t, exp, seq)
  redis.call('APPEND', w.key, struct.pack('<dddddd', t, exp, 0, seq, w.dr, 0))
  if w.d then
    local j = RN * (w.n + w.o)
    w.d[j + 1], w.d[j + 2], w.d[j + 3], w.d[j + 4], w.d[j + 5], w.d[j + 6] = t, exp, 0, seq, w.dr, 0
  end
  w.n = w.n + 1
end

-- trim drops the dead records once they outnumber the live ones.
local function trim(w)
  if w.n == 0 then
    if w.h > 0 then redis.call('DEL', w.key) end
    w.h = 0
  elseif w.h >= 64 and w.h >= w.n then
    local live = redis.call('GETRANGE', w.key, w.h * REC, (w.h + w.n) * REC - 1)
    redis.call('SET', w.key, live)
    w.h = 0
  end
end

local function save_state(keys, S, now, idle_ms)
  local blocked = math.max(S.m.b, S.s.b) - now
  local ttl = math.max(idle_ms, math.ceil(blocked / 1000) + 1000, math.ceil(S.sp / 1000) + 1000)
  local v = {}
  for _, f in ipairs(KFIELDS) do v[#v + 1] = S[f] end
  for j = 1, 7 do v[#v + 1] = S.hd[j] end
  for _, w in ipairs({S.m, S.s}) do
    trim(w)
    if w.n > 0 then redis.call('PEXPIRE', w.key, ttl) end
    for _, f in ipairs(WFIELDS) do v[#v + 1] = w[f] end
  end
  redis.call('SET', keys[1], struct.pack(HEADER_FMT, unpack(v)), 'PX', ttl)
end

-- load_daily reads the daily counters: the writes from KEYS[2] (the
-- user's, or the key's own hash), the tokens from KEYS[5] (the company's;
-- the same hash as KEYS[2] when neither is named). Counts of another day
-- read as zero; D.d is the day of now.
local function load_daily(keys, now)
  local today = math.floor(now / DAY)
  local D = {d = today, w = 0, t = 0, l = 0, split = keys[5] ~= nil and keys[5] ~= keys[2]}
  local v = redis.call('HMGET', keys[2], 'd', 'w', 't', 'l')
  D.we = v[1] ~= false and v[1] ~= nil
  local wd, td = today, today
  if D.we then
    wd = tonumber(v[1])
    D.w = tonumber(v[2]) or 0
  end
  if D.split then
    local u = redis.call('HMGET', keys[5], 'd', 't', 'l')
    D.te = u[1] ~= false and u[1] ~= nil
    if D.te then td, D.t, D.l = tonumber(u[1]), tonumber(u[2]) or 0, tonumber(u[3]) or 0 end
  else
    D.te = D.we
    if D.we then td, D.t, D.l = wd, tonumber(v[3]) or 0, tonumber(v[4]) or 0 end
  end
  if wd ~= today then D.w = 0 end
  if td ~= today then D.t, D.l = 0, 0 end
  D.o = {wd, D.w, td, D.t, D.l}
  return D, D.we
end

local function roll_day(D, now)
  local d = math.floor(now / DAY)
  if d ~= D.d then
    D.d, D.w, D.t, D.l = d, 0, 0, 0
  end
end

-- save_daily writes the counters back when they changed (or the
-- configuration did) and keeps each hash until an hour after its day
-- ends. A day with nothing spent leaves no hash behind.
local function save_daily(keys, D, S, now)
  local o = D.o
  local ttl = math.ceil(((D.d + 1) * DAY - now) / 1000) + DAY_GRACE_MS
  if not D.split then
    if D.w == 0 and D.t == 0 and D.l == 0 then
      if D.we then redis.call('DEL', keys[2]) end
      return
    end
    if D.we and o[1] == D.d and o[2] == D.w and o[3] == D.d and o[4] == D.t and o[5] == D.l and not D.cfg then
      return
    end
    redis.call('HSET', keys[2], 'd', D.d, 'w', D.w, 't', D.t, 'l', D.l,
      'cw', S.cw, 'ct', S.ct, 'dl', S.dl, 'ds', S.ds)
    redis.call('PEXPIRE', keys[2], ttl)
    return
  end
  if D.w == 0 then
    if D.we then redis.call('DEL', keys[2]) end
  elseif not (D.we and o[1] == D.d and o[2] == D.w and not D.cfg) then
    redis.call('HSET', keys[2], 'd', D.d, 'w', D.w, 'cw', S.cw, 'ct', S.ct, 'dl', S.dl, 'ds', S.ds)
    redis.call('PEXPIRE', keys[2], ttl)
  end
  if D.t == 0 and D.l == 0 then
    if D.te then redis.call('DEL', keys[5]) end
  elseif not (D.te and o[3] == D.d and o[4] == D.t and o[5] == D.l) then
    redis.call('HSET', keys[5], 'd', D.d, 't', D.t, 'l', D.l)
    redis.call('PEXPIRE', keys[5], ttl)
  end
end

local function token_budget(D, configured)
  if D.l > 0 then return D.l end
  return math.max(configured, 0)
end

local function limit_of(w, def)
  if w.l > 0 then return w.l end
  return math.max(def, 1)
end

-- alone: the key's window is known to be spent by this limiter alone.
local function alone(w, now)
  return w.fv ~= 0 and now - w.fv >= STARTUP_FOR and (w.fs == 0 or now - w.fs >= HEADROOM_FOR)
end

-- others: the slots taken as spent by others at now (the estimate, while
-- it applies).
local function others(w, now)
  if w.f > 0 and now < w.fu then return w.f end
  return 0
end

local function reserve(w, now, limit, headroom)
  local f = others(w, now)
  if headroom > 0 and w.fv ~= 0 and not alone(w, now) then
    f = f + math.min(headroom, idiv(limit, 2))
  end
  return f
end

-- fifo_gap (ns): how much earlier an admission must be to be taken as
-- counted before another.
local function fifo_gap(w)
  return math.max(idiv(w.mr, 2), MIN_FIFO_GAP)
end

-- bounds: the latest count times (us) of a request answered at now, from
-- its own response and via another's.
local function bounds(w, now, margin)
  local half = idiv(w.mr, 2)
  return now + us_up(math.min(margin, half) - half), now + us_up(margin - half)
end

local function count_bound(w, i, now, margin)
  dec(w)
  local t = t_of(w, i)
  local b = bounds(w, now, margin)
  local gap = fifo_gap(w)
  for j = 0, w.n - 1 do
    if j ~= i then
      local xt, xexp, xobs = rec(w, j)
      if (xt - t) * 1000 > -gap and xobs ~= 0 and xobs ~= REJ and xexp > now then
        local _, via = bounds(w, xobs, margin)
        b = math.min(b, via)
      end
    end
  end
  return math.max(b, t)
end

local function earliest_free(w, now, span)
  dec(w)
  local m = 0
  for i = 0, w.n - 1 do
    local t, exp, obs = rec(w, i)
    if exp > now and obs ~= REJ and (m == 0 or t < m) then m = t end
  end
  if m == 0 then return 0 end
  return m + span
end

-- count_possible: before (us) is the response's time or, with fifo,
-- the time from which an admission cannot have overtaken the request.
local function count_possible(w, at, before)
  dec(w)
  local c = 0
  for i = 0, w.n - 1 do
    local t, exp, obs = rec(w, i)
    if t < before and obs ~= REJ and exp > at then c = c + 1 end
  end
  return c
end

-- first index whose seq is > seq (gt) or >= seq (not gt)
local function search_seq(w, seq, gt)
  local lo, hi = 0, w.n
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    local s = seq_of(w, mid)
    if (gt and s > seq) or (not gt and s >= seq) then hi = mid else lo = mid + 1 end
  end
  return lo
end

local function nth_expiry(w, k)
  dec(w)
  if k == 1 then
    local m = exp_of(w, 0)
    for i = 1, w.n - 1 do m = math.min(m, exp_of(w, i)) end
    return m
  end
  local exps = {}
  for i = 0, w.n - 1 do exps[i + 1] = exp_of(w, i) end
  table.sort(exps)
  return exps[k]
end

local function simulate(w, now, c, span, queued)
  if c < 1 then return INF end
  dec(w)
  local ts = {}
  for m = 0, queued do
    local t = now
    local i = w.n + m - c
    if i >= 0 then
      local prev
      if i < w.n then prev = t_of(w, i) else prev = ts[i - w.n + 1] end
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
  local f = reserve(w, now, limit, A.headroom)
  local allowed = limit - f
  if queued > 0 then
    compact(w, now)
    if w.n + queued < allowed then return true, 0, R_NONE end
    local u = simulate(w, now, allowed, A.win, queued)
    local o = others(w, now)
    if o > 0 then
      u = math.min(u, math.max(w.fu, simulate(w, now, limit - (f - o), A.win, queued)))
    end
    return false, math.max(u - now, 1), R_WINDOW
  end
  local fresh = w.vt
  if alone(w, now) then fresh = math.max(fresh, w.fl) end
  local stale = A.probes > 0 and w.vt ~= 0 and (now - fresh) * 1000 > A.stale + 2 * w.r
  if stale then
    local assumed = math.min(math.max(idiv(limit, 4), w.fp), idiv(limit, 2)) + math.min(A.headroom, idiv(limit, 2))
    -- At least one probe goes, however small the window.
    allowed = math.max(math.min(allowed, limit - assumed), 1)
  end
  if w.n >= allowed then compact(w, now) end
  if w.n < allowed then
    if stale then
      local i = search_seq(w, w.vs, true)
      if w.n - i >= A.probes then
        return false, math.max(exp_of(w, i) - now, 1), R_SYNC
      end
    end
    return true, 0, R_NONE
  end
  local u = INF
  local need = w.n - allowed + 1
  if need <= w.n then u = nth_expiry(w, need) end
  if others(w, now) > 0 then u = math.min(u, w.fu) end
  if u == INF or u <= now then u = now + math.max(us_up(A.stale), 1) end
  return false, u - now, R_WINDOW
end

-- may_precede (us): the time from which an admission cannot have reached
-- the server before a request sent at upto and answered at now (memstore.go's
-- mayPrecede).
local function may_precede(upto, now, gap, fifo)
  if fifo then return math.min(now, upto + us_up(gap)) end
  return now
end

-- count_ours: the admissions after from surely counted before a request
-- sent at upto, and the others the server may have counted first (unsure:
-- sent before upto+gap with fifo, before now without; not seq skip).
local function count_ours(w, from, upto, now, gap, fifo, skip)
  dec(w)
  local before = may_precede(upto, now, gap, fifo)
  local c, u = 0, 0
  for i = w.n - 1, 0, -1 do
    local t, exp, obs, seq = rec(w, i)
    if t <= from then break end
    if exp > now and obs ~= REJ then
      if (obs ~= 0 and obs <= upto) or (fifo and (t - upto) * 1000 <= -gap) then
        c = c + 1
      elseif t < before and seq ~= skip then
        u = u + 1
      end
    end
  end
  return c, u
end

-- settled: the admissions count_ours left unsure for a request that the
-- server surely counted before it (memstore.go's settled; span in us).
local function settled(w, from, upto, now, gap, fifo, skip, count, span)
  dec(w)
  local fell = w.gu
  for i = 0, w.n - 1 do
    local t, exp = rec(w, i)
    if t + span <= now then fell = math.max(fell, exp) end
  end
  local before = may_precede(upto, now, gap, fifo)
  local c = 0
  for i = w.n - 1, 0, -1 do
    local t, exp, obs, seq, _, cnt = rec(w, i)
    if t <= from then break end
    if not (exp <= now or obs == REJ or obs == 0 or seq == skip)
      and not (obs <= upto or (fifo and (t - upto) * 1000 <= -gap) or t >= before)
      and cnt > 0 and cnt < count and fell < math.min(upto, t) then
      c = c + 1
    end
  end
  return c
end

-- observed records the response to admission seq and returns the entry's
-- obs (nil when it left the window), the latest time the server can have
-- counted it, the entry's drop count and its index. O = {status, win (ns),
-- margin (ns)}.
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
  if i == w.n then return nil, now, 0 end
  local t, _, _, s, drops = rec(w, i)
  if s ~= seq then return nil, now, 0 end
  if O.status == 429 then
    set_rec(w, i, now, REJ)
    return REJ, now, drops, i
  end
  local span = us_up(O.win)
  local b = count_bound(w, i, now, O.margin)
  set_rec(w, i, b + span, now)
  local _, via = bounds(w, now, O.margin)
  local gap = fifo_gap(w)
  for j = 0, w.n - 1 do
    if j ~= i then
      local xt, xexp, xobs = rec(w, j)
      if (t - xt) * 1000 > -gap and xobs ~= 0 and xobs ~= REJ and xexp > via + span then
        set_rec(w, j, math.max(xt + span, via + span), xobs)
      end
    end
  end
  return now, b, drops, i
end

local function wstate(w, now, limit)
  dec(w)
  local inw, reset = 0, 0
  for i = 0, w.n - 1 do
    local exp = exp_of(w, i)
    if exp > now then
      if reset == 0 or exp < reset then reset = exp end
      inw = inw + 1
    end
  end
  local foreign = others(w, now)
  return inw, foreign, math.max(limit - inw - foreign, 0), reset
end
