-- POST /api/v1/login for seeded users in turn (all share one password)
local emails = {}
for line in io.lines(os.getenv("LATCHKEY_BENCH_EMAILS")) do emails[#emails + 1] = line end
local password = os.getenv("LATCHKEY_BENCH_PASSWORD")
local i = 0
request = function()
  i = i + 1
  local body = '{"email":"' .. emails[(i % #emails) + 1] .. '","password":"' .. password .. '"}'
  return wrk.format("POST", "/api/v1/login", { ["Content-Type"] = "application/json" }, body)
end
