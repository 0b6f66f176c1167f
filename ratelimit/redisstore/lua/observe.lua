-- Observe: ARGV = now (us, -1 = Redis TIME), seq, admitted (us), class,
-- status, cost, the seven rate headers (limit, remaining, reset (ns),
-- retry-after (ns), daily requests left, token limit, token remaining; -1
-- when absent), window (ns), margin (ns), daily writes, token budget,
-- idle TTL (ms), the wake-up channel. Returns 1.
local now = clock(ARGV[1])
local seq, admitted = tonumber(ARGV[2]), tonumber(ARGV[3])
local class, status, cost = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local H = {}
for i = 1, 7 do H[i] = tonumber(ARGV[6 + i]) end
local hlimit, hrem, hreset, hretry, hdaily, htlim, htrem = H[1], H[2], H[3], H[4], H[5], H[6], H[7]
local win, margin = tonumber(ARGV[14]), tonumber(ARGV[15])
local dw, tb, idle = tonumber(ARGV[16]), tonumber(ARGV[17]), tonumber(ARGV[18])
local O = {status = status, win = win, margin = margin}

local S = load_state(KEYS)
local D = load_daily(KEYS, now)
roll_day(D, now)
local same_day = seq == 0 or math.floor(admitted / DAY) == D.d

if (status == 429 or status == 401) and seq ~= 0 and same_day then
  -- not executed (rate or credential refused): give back what it spent
  if class == WRITE and D.w > 0 then D.w = D.w - 1 end
  D.t = math.max(D.t - math.max(cost, 0), 0)
end

local w, def = S.m, S.dl
if class == SEARCH and hlimit <= math.max(S.ds, 10) then w, def = S.s, S.ds end
if hlimit > 0 then w.l = hlimit end
w.vt = now
if w.fv == 0 then w.fv = now end
local self, bound, sdrops, si = nil, now, 0, nil
if seq ~= 0 then
  w.vs = math.max(w.vs, seq)
  self, bound, sdrops, si = observed(w, seq, admitted, now, O)
  if class == SEARCH then
    local other = S.s
    if w == other then other = S.m end
    observed(other, seq, admitted, now, O)
  end
end
if status == 429 then
  local d = math.max(hretry, hreset)
  if d <= 0 then d = win end
  w.b = math.max(w.b, now + us_up(d))
  w.fs = now -- someone spent what was thought free: keep the reserve
end
if hrem >= 0 then
  local upto = admitted
  if seq == 0 then upto = now - us_up(2 * w.r) end
  local count, from = limit_of(w, def) - hrem, bound - us_up(win)
  local adj = 0
  if self and self <= upto then adj = adj - 1 end
  if self and status ~= 429 then adj = adj + 1 end
  local fifo = w.ro == 0 or now - w.ro > HEADROOM_FOR
  local gap = math.max(fifo_gap(w), margin)
  local ours, unsure = count_ours(w, from, upto, now, gap, fifo, seq)
  ours = ours + adj
  if fifo and count < ours then
    w.ro = now
    fifo = false
    ours, unsure = count_ours(w, from, upto, now, gap, false, seq)
    ours = ours + adj
  end
  local raw = math.max(count - ours, 0)
  -- what the count proves of others (memstore.go's Observe)
  local proven = raw - unsure
  if self then
    local possible = count_possible(w, upto, may_precede(upto, now, gap, fifo)) + w.dr - sdrops
    proven = count - possible
    if proven > 0 then w.fs = now end
    if status ~= 429 then
      if raw > 0 and alone(w, now) then
        raw = math.max(raw - settled(w, from, upto, now, gap, fifo, seq, count, us_up(win)), 0)
      end
      set_cnt(w, si, count)
    end
  end
  local reset = hreset
  if reset < 0 or reset > win then reset = win end
  local untl = math.min(now + us_up(reset), bound + us_up(win))
  local f, update = raw, raw <= w.f or now >= w.fu
  if not update then
    if alone(w, now) then
      if proven > w.f then
        f, update = proven, true
      else
        -- ours explain the count: the standing estimate stands
        w.fu = math.max(w.fu, untl)
      end
    elseif upto - w.fa > FOREIGN_FRESH then
      update = true
    end
  end
  if update then w.f, w.fa, w.fu = f, upto, untl end
  if hrem == 0 and status ~= 429 and now - w.fv >= STARTUP_FOR then
    w.fl = math.max(w.fl, earliest_free(w, now, us_up(win)))
  end
  if f >= w.fp or now - w.pa > HEADROOM_FOR then w.fp, w.pa = f, now end
end
if same_day then
  if hdaily >= 0 and dw > 0 then D.w = math.max(D.w, dw - hdaily) end
  if htlim > 0 then D.l = htlim end
  if htrem >= 0 then
    local lim = token_budget(D, tb)
    if lim > 0 then D.t = math.max(D.t, lim - htrem) end
  end
end
S.st, S.hd, S.sn = status, H, now
save_state(KEYS, S, now, idle)
save_daily(KEYS, D, S, now)
-- wake the heads waiting on this key in every process (see Store.Wake)
if ARGV[19] and ARGV[19] ~= '' then redis.call('PUBLISH', ARGV[19], '') end
return 1
