"""Signal receivers. They only purge caches; all writes go through services and the admin."""
