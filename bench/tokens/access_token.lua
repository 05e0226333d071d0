-- POST /api/backend/v1/access_token for seeded users in turn
local ids = {}
for line in io.lines(os.getenv("LATCHKEY_BENCH_IDS")) do ids[#ids + 1] = line end
local key = os.getenv("LATCHKEY_BENCH_KEY")
local i = 0
request = function()
  i = i + 1
  local body = '{"user_id":"' .. ids[(i % #ids) + 1] .. '","duration_in_minutes":30}'
  return wrk.format("POST", "/api/backend/v1/access_token",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key }, body)
end
