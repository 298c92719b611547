// Tiling keys: which element type the kernel is instantiated for. Shared by the host tiling
// function that sets the key and the kernel entry that dispatches on it.
#ifndef NSA_COMPRESS_WITH_CACHE_TILING_KEY_H
#define NSA_COMPRESS_WITH_CACHE_TILING_KEY_H

#define NSA_COMPRESS_WITH_CACHE_TILING_KEY_FLOAT16 0
#define NSA_COMPRESS_WITH_CACHE_TILING_KEY_BFLOAT16 1

#endif
