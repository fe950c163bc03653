/* main: the tradebrief command line (placeholder until the loader lands). */
#include <stdio.h>

int main(void)
{
    fputs("tradebrief: not built yet\n", stderr);
    return 1;
}
