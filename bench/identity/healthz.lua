-- GET /healthz: the cheapest route, as a reference for the HTTP stack's own rate
local formatted = wrk.format("GET", "/healthz")
request = function()
  return formatted
end
