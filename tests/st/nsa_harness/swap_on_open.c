/* Preloaded (LD_PRELOAD) into an example by swap_on_open.py: when the example opens the path
 * $NSA_SWAP_ON_OPEN_PATH, the file $NSA_SWAP_ON_OPEN_REPLACEMENT is first renamed over it. The
 * example's stat() of that path saw the file before, its open() sees the replacement: a file
 * replaced between the check and the open, which no timing in a test could catch reliably. The
 * rename happens once (the replacement is gone after it). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

typedef int (*OpenFunction)(const char *, int, ...);

static void SwapIfNamed(const char *path)
{
    const char *target = getenv("NSA_SWAP_ON_OPEN_PATH");
    const char *replacement = getenv("NSA_SWAP_ON_OPEN_REPLACEMENT");
    if (target != NULL && replacement != NULL && strcmp(path, target) == 0) {
        rename(replacement, target);
    }
}

/* open()'s third argument is there only when the flags create a file. */
static mode_t ModeArgument(int flags, va_list arguments)
{
    return (flags & (O_CREAT | O_TMPFILE)) != 0 ? va_arg(arguments, mode_t) : 0;
}

static int SwapThenOpen(const char *name, const char *path, int flags, mode_t mode)
{
    SwapIfNamed(path);
    const OpenFunction next = (OpenFunction)dlsym(RTLD_NEXT, name);
    return next(path, flags, mode);
}

int open(const char *path, int flags, ...)
{
    va_list arguments;
    va_start(arguments, flags);
    const mode_t mode = ModeArgument(flags, arguments);
    va_end(arguments);
    return SwapThenOpen("open", path, flags, mode);
}

/* The name open() has in a build with 64-bit file offsets on a 32-bit system. */
int open64(const char *path, int flags, ...)
{
    va_list arguments;
    va_start(arguments, flags);
    const mode_t mode = ModeArgument(flags, arguments);
    va_end(arguments);
    return SwapThenOpen("open64", path, flags, mode);
}
