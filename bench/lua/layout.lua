-- Where the bench worlds put their entities: the engine games and the native
-- reference both lay their worlds out with these functions.
local layout = {}

--- Swarm entity i (1-based): spread over the 800 x 600 view.
function layout.swarm(i)
  return (i * 37) % 800, (i * 53) % 600
end

--- Collider of every storm entity: 10 x 10, origin at its centre.
layout.SIZE, layout.ORIGIN = 10, 5

--- Storm pair i (1-based): side a at (x, y), side b at (x + OFFSET, y + OFFSET).
--- The two boxes of a pair overlap (by 6 px each way); pairs sit SPACING px
--- apart in rows of 30, so no box touches another pair's (12 px gaps). Rows
--- past the 600 px view (1,000 pairs take 34 rows) are still simulated.
layout.OFFSET, layout.SPACING, layout.PER_ROW = 4, 26, 30
function layout.storm(i)
  return (i % layout.PER_ROW) * layout.SPACING, (i // layout.PER_ROW) * layout.SPACING
end

return layout
