-- GET /api/backend/v1/user/{random seeded id}
local ids = {}
local key = os.getenv("LATCHKEY_BENCH_KEY")
for line in io.lines(os.getenv("LATCHKEY_BENCH_IDS")) do ids[#ids + 1] = line end
math.randomseed(os.time())
request = function()
  local id = ids[math.random(#ids)]
  return wrk.format("GET", "/api/backend/v1/user/" .. id, { ["Authorization"] = "Bearer " .. key })
end
