-- The request mix of `python -m bench load`, for wrk.
-- CONUM_LOAD_DATA names a Lua file returning the ids picked from the database (written by bench/load.py):
-- { searches = {"commune=…&distance=20", …}, places = {pk, …}, workshops = {pk, …},
--   departements = {"87", …}, csrf = "<32 characters>" }

local data = dofile(os.getenv("CONUM_LOAD_DATA"))

-- Weights in percent, in the order `request` tries them.
local MIX = {
  { "search", 60 },
  { "place", 20 },
  { "register", 5 },
  { "statistics", 10 },
  { "api", 5 },
}
local FIRST_NAMES = { "Camille", "Dominique", "Claude", "Yannick", "Sacha", "Alix", "Maxime", "Morgane",
  "Jean", "Marie", "Nadia", "Karim", "Louise", "Hugo", "Chantal", "Bernard" }

local function pick(list)
  return list[math.random(#list)]
end

local function class_of_draw()
  local draw, total = math.random(100), 0
  for _, entry in ipairs(MIX) do
    total = total + entry[2]
    if draw <= total then
      return entry[1]
    end
  end
  return MIX[1][1]
end

-- Per thread: requests sent and responses received by class (each thread has its own Lua state;
-- `done` reads them through the thread objects kept by `setup`).
sent, received, samples = {}, {}, {}
local threads = {}

function setup(thread)
  thread:set("thread_number", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() * 100 + (thread_number or 0))
end

local function get(path)
  return wrk.format("GET", path, {})
end

local function registration()
  -- The unmasked CSRF secret as both the cookie and the form field (accepted since Django 4.1);
  -- no e-mail (so no duplicate check, no mail), consent given, honeypot empty.
  local body = "csrfmiddlewaretoken=" .. data.csrf
    .. "&first_name=" .. pick(FIRST_NAMES)
    .. "&last_name=" .. string.char(math.random(65, 90)) .. math.random(1000, 9999)
    .. "&email=&phone=&consent=on&website="
  local headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "csrftoken=" .. data.csrf,
  }
  return wrk.format("POST", "/aide-numerique/ateliers/" .. pick(data.workshops) .. "/inscription/", headers, body)
end

function request()
  local class = class_of_draw()
  sent[class] = (sent[class] or 0) + 1
  if class == "search" then
    return get("/aide-numerique/?" .. pick(data.searches))
  elseif class == "place" then
    return get("/aide-numerique/lieux/" .. pick(data.places) .. "/")
  elseif class == "register" then
    return registration()
  elseif class == "statistics" then
    if math.random(2) == 1 then
      return get("/chiffres-cles/")
    end
    return get("/chiffres-cles/?departement=" .. pick(data.departements))
  end
  return get("/api/v1/places?departement=" .. pick(data.departements))
end

-- wrk does not say which request a response answers (connections interleave): tell the class from the
-- response itself. Only the registration redirects; page titles tell the HTML pages apart.
local function class_of_response(status, headers, body)
  for name, value in pairs(headers) do
    local lower = string.lower(name)
    if lower == "location" and string.find(value, "/inscription/", 1, true) then
      return "register"
    end
    if lower == "content-type" and string.find(value, "json", 1, true) then
      return "api"
    end
  end
  local title = string.match(body or "", "<title>(.-)</title>") or ""
  if string.find(title, "inscrire", 1, true) then
    return "register"
  elseif string.find(title, "en chiffres", 1, true) then
    return "statistics"
  elseif string.find(title, "chez moi", 1, true) then
    return "search"
  elseif string.find(title, "Trouver de l", 1, true) then
    return "place"
  end
  return "unrecognised"
end

function response(status, headers, body)
  local class = class_of_response(status, headers, body)
  local key = class .. " " .. status
  received[key] = (received[key] or 0) + 1
  if status >= 400 and not samples[class] then
    samples[class] = status .. "\n" .. string.sub(body or "", 1, 3000)
  end
end

local function json(value)
  local kind = type(value)
  if kind == "table" then
    local parts = {}
    for key, item in pairs(value) do
      table.insert(parts, json(tostring(key)) .. ":" .. json(item))
    end
    return "{" .. table.concat(parts, ",") .. "}"
  elseif kind == "string" then
    local escaped = string.gsub(value, '[%c"\\]', function(char)
      return string.format("\\u%04x", string.byte(char))
    end)
    return '"' .. escaped .. '"'
  elseif kind == "number" and (value ~= value or value == math.huge or value == -math.huge) then
    return "null" -- no latency without a response
  end
  return tostring(value)
end

local function add(into, counts)
  for key, count in pairs(counts or {}) do
    into[key] = (into[key] or 0) + count
  end
end

function done(summary, latency, requests)
  local all_sent, all_received, all_samples = {}, {}, {}
  for _, thread in ipairs(threads) do
    add(all_sent, thread:get("sent"))
    add(all_received, thread:get("received"))
    for class, sample in pairs(thread:get("samples") or {}) do
      all_samples[class] = all_samples[class] or sample
    end
  end
  local ms = {}
  for _, p in ipairs({ 50, 90, 95, 99 }) do
    ms["p" .. p] = latency:percentile(p) / 1000
  end
  local seconds = summary.duration / 1e6
  io.write(string.format("Latency percentiles: p50 %.1f ms, p90 %.1f ms, p95 %.1f ms, p99 %.1f ms (max %.1f ms)\n",
    ms.p50, ms.p90, ms.p95, ms.p99, latency.max / 1000))
  io.write(string.format("Requests: %d in %.1f s\n", summary.requests, seconds))
  io.write("By class (sent; responses by status):\n")
  for _, entry in ipairs(MIX) do
    local class, statuses = entry[1], {}
    for key, count in pairs(all_received) do
      local name, status = string.match(key, "^(%S+) (%d+)$")
      if name == class then
        table.insert(statuses, status .. ": " .. count)
      end
    end
    table.sort(statuses)
    io.write(string.format("  %-11s %6d; %s\n", class, all_sent[class] or 0, table.concat(statuses, ", ")))
  end
  for key, count in pairs(all_received) do
    if string.find(key, "^unrecognised ") then
      io.write(string.format("  unrecognised response, status %s: %d\n", string.sub(key, 14), count))
    end
  end
  -- One line for bench/load.py to read.
  local result = {
    requests = summary.requests, duration_s = seconds, latency_ms = ms, errors = summary.errors,
    sent = all_sent, received = all_received, samples = all_samples,
  }
  io.write("CONUM_RESULT " .. json(result) .. "\n")
end
