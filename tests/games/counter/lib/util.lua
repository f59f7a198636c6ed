local M = {}
function M.speed(i) return 10 * i end
return M
