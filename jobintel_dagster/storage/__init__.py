"""Storage domain: the object store as a resource and the IO managers that write every asset to it."""
