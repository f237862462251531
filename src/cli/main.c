#include <stdio.h>

#include "attention/pipeline.h"

int main(void) {
    return 0;
}
