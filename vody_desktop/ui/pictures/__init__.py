"""Pictures in the result's views: decoding off the UI thread, the memory cache, the preview."""
