/* Temporary: replaced by the view layer (canvas, frame). */
#include "config.h"
int cr_view_placeholder(void);
int cr_view_placeholder(void) { return 0; }
