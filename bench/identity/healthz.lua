-- GET /healthz: the cheapest route, as a reference for the HTTP stack's own rate
request = function()
  return wrk.format("GET", "/healthz")
end
