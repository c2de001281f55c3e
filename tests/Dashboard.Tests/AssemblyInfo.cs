// Each class starts its own broker, hub and (for browser tests) chromium; on two cores they run faster one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
