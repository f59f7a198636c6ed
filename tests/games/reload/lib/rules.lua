-- What a timer tick adds; the tests edit it to show that required files reload too.
return { TICK = 1 }
