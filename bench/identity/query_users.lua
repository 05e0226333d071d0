-- GET /api/backend/v1/user/query: a page of 10 by partial email match, varying the needle
local key = os.getenv("LATCHKEY_BENCH_KEY")
math.randomseed(os.time())
request = function()
  local needle = "-" .. math.random(0, 999) .. "@"
  return wrk.format("GET", "/api/backend/v1/user/query?page_size=10&order_by=CREATED_AT_DESC&email_or_username=" .. needle,
    { ["Authorization"] = "Bearer " .. key })
end
