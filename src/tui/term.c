/* term.c — curses set-up, colours by role, blit, input, signals, restore.
 * The only file of colres that includes curses. */
#include "config.h"

#include "term.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>

#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <term.h>

#include "colres/status.h"
#include "view/palette.h"

/* Role → colours (dark theme fg, light theme fg) and attributes, with the
 * attributes used in monochrome, where glyphs keep series apart.
 * -1: the terminal's default colour. */
typedef struct role_style {
    short dark, light;
    attr_t color_attr, mono_attr;
} role_style;

static const role_style styles[CR_ROLE_COUNT] = {
    [CR_ROLE_TEXT] = { -1, COLOR_BLACK, A_NORMAL, A_NORMAL },
    [CR_ROLE_DIM] = { -1, COLOR_BLACK, A_DIM, A_DIM },
    [CR_ROLE_HIGHLIGHT] = { COLOR_CYAN, COLOR_BLUE, A_REVERSE | A_BOLD, A_REVERSE | A_BOLD },
    [CR_ROLE_AXIS] = { -1, COLOR_BLACK, A_NORMAL, A_NORMAL },
    [CR_ROLE_RHO00] = { COLOR_BLUE, COLOR_BLUE, A_BOLD, A_BOLD },
    [CR_ROLE_RHO11] = { COLOR_RED, COLOR_RED, A_BOLD, A_NORMAL },
    [CR_ROLE_COH] = { COLOR_GREEN, COLOR_GREEN, A_BOLD, A_BOLD },
    [CR_ROLE_FIRST] = { COLOR_GREEN, COLOR_GREEN, A_NORMAL, A_DIM },
    [CR_ROLE_THERMAL] = { -1, COLOR_BLACK, A_NORMAL, A_NORMAL },
    [CR_ROLE_TRAJ] = { COLOR_CYAN, COLOR_BLUE, A_NORMAL, A_NORMAL },
    [CR_ROLE_MEAN] = { COLOR_YELLOW, COLOR_MAGENTA, A_BOLD, A_BOLD },
    [CR_ROLE_MARKER] = { COLOR_MAGENTA, COLOR_MAGENTA, A_BOLD, A_BOLD },
    [CR_ROLE_HEAT0] = { COLOR_BLUE, COLOR_BLUE, A_DIM, A_NORMAL },
    [CR_ROLE_HEAT1] = { COLOR_BLUE, COLOR_BLUE, A_BOLD, A_NORMAL },
    [CR_ROLE_HEAT2] = { COLOR_CYAN, COLOR_CYAN, A_NORMAL, A_NORMAL },
    [CR_ROLE_HEAT3] = { COLOR_GREEN, COLOR_GREEN, A_NORMAL, A_NORMAL },
    [CR_ROLE_HEAT4] = { COLOR_GREEN, COLOR_GREEN, A_BOLD, A_NORMAL },
    [CR_ROLE_HEAT5] = { COLOR_YELLOW, COLOR_YELLOW, A_BOLD, A_NORMAL },
    [CR_ROLE_HEAT6] = { COLOR_RED, COLOR_RED, A_NORMAL, A_BOLD },
    [CR_ROLE_HEAT7] = { COLOR_RED, COLOR_RED, A_BOLD, A_BOLD },
    [CR_ROLE_WARNING] = { COLOR_YELLOW, COLOR_MAGENTA, A_BOLD, A_BOLD },
    [CR_ROLE_ERROR] = { COLOR_RED, COLOR_RED, A_BOLD, A_BOLD | A_UNDERLINE },
    [CR_ROLE_STATUS] = { -1, COLOR_BLACK, A_REVERSE, A_REVERSE },
    [CR_ROLE_TITLE] = { -1, COLOR_BLACK, A_BOLD, A_BOLD },
    [CR_ROLE_BORDER] = { -1, COLOR_BLACK, A_NORMAL, A_NORMAL },
    [CR_ROLE_HINT] = { -1, COLOR_BLACK, A_DIM, A_NORMAL },
    [CR_ROLE_ROUGH] = { COLOR_YELLOW, COLOR_MAGENTA, A_NORMAL, A_NORMAL },
    [CR_ROLE_TRAJ2] = { COLOR_YELLOW, COLOR_RED, A_BOLD, A_NORMAL },
    [CR_ROLE_TRAJ3] = { COLOR_GREEN, COLOR_GREEN, A_BOLD, A_NORMAL },
    [CR_ROLE_TRAJ4] = { COLOR_MAGENTA, COLOR_MAGENTA, A_BOLD, A_NORMAL },
};

static int initialized;
static int use_color;
static int use_256;    /* COLORS >= 256: the tested palette */
static int light_theme;
static int mouse_on;
static int sigpipe[2] = { -1, -1 };
/* Lock-free atomics are async-signal-safe: the handler ORs bits in, the
 * main loop takes them all with one exchange, so none is lost between a
 * read and a clear. */
static atomic_int pending_signals;
static volatile sig_atomic_t quit_signal; /* the last INT, TERM or HUP */

static void on_signal(int sig)
{
    int saved = errno;
    switch (sig) {
    case SIGWINCH: atomic_fetch_or(&pending_signals, TERM_SIG_RESIZE); break;
    case SIGTSTP: atomic_fetch_or(&pending_signals, TERM_SIG_SUSPEND); break;
    case SIGCONT: atomic_fetch_or(&pending_signals, TERM_SIG_CONT); break;
    default:
        quit_signal = sig;
        atomic_fetch_or(&pending_signals, TERM_SIG_QUIT);
        break;
    }
    char byte = 1;
    if (write(sigpipe[1], &byte, 1) < 0) {
        /* pipe full: a wake-up is already pending */
    }
    errno = saved;
}

static int install_signals(char *err, size_t errlen)
{
    if (pipe(sigpipe) != 0)
        return cr_error(err, errlen, CR_EIO, "pipe: %s", strerror(errno));
    for (int i = 0; i < 2; i++) {
        fcntl(sigpipe[i], F_SETFL, fcntl(sigpipe[i], F_GETFL) | O_NONBLOCK);
        fcntl(sigpipe[i], F_SETFD, FD_CLOEXEC);
    }
    static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGWINCH, SIGTSTP, SIGCONT };
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigfillset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction old;
        /* A signal inherited as ignored (nohup) stays ignored. */
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN
            && (sigs[i] == SIGINT || sigs[i] == SIGHUP || sigs[i] == SIGTERM))
            continue;
        sigaction(sigs[i], &sa, NULL);
    }
    return CR_OK;
}

/* ---- fatal signals: the terminal back before the default action ----
 * SIGQUIT (Ctrl-\\), SIGPIPE, SIGUSR1, SIGALRM, ... end the process; their
 * handler cannot call curses (not async-signal-safe), so it writes the
 * bytes that leave the alternate screen, show the cursor and stop the
 * mouse and keypad modes, composed at start-up, puts back the terminal
 * modes (echo, canonical input) saved before curses changed them, and
 * raises the signal again with its default action. */
static const int fatal_sigs[] = { SIGQUIT, SIGPIPE, SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM,
                                  SIGXCPU, SIGXFSZ, SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL };
static struct termios saved_modes;
static char fatal_bytes[256];
static size_t fatal_len;
static volatile sig_atomic_t fatal_armed;

static void on_fatal_signal(int sig)
{
    if (fatal_armed) {
        fatal_armed = 0;
        ssize_t w = write(STDOUT_FILENO, fatal_bytes, fatal_len);
        (void)w;
        tcsetattr(STDIN_FILENO, TCSANOW, &saved_modes);
    }
    /* SA_RESETHAND | SA_NODEFER: the default action, now */
    raise(sig);
}

static void install_fatal_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_fatal_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESETHAND | SA_NODEFER;
    for (size_t i = 0; i < sizeof fatal_sigs / sizeof fatal_sigs[0]; i++) {
        struct sigaction old;
        /* Only over the default: an ignored signal stays ignored, and a
         * sanitizer's crash handler stays in place. */
        if (sigaction(fatal_sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_DFL
            && !(old.sa_flags & SA_SIGINFO))
            sigaction(fatal_sigs[i], &sa, NULL);
    }
}

static void add_fatal_bytes(const char *cap)
{
    const char *str = tigetstr(cap);
    if (str == NULL || str == (char *)-1)
        return;
    size_t n = strlen(str);
    if (fatal_len + n < sizeof fatal_bytes) {
        memcpy(fatal_bytes + fatal_len, str, n);
        fatal_len += n;
    }
}

/* After curses is set up: the bytes that undo it. */
static void arm_fatal_restore(void)
{
    static const char mouse_off[] = "\033[?1000l\033[?1002l\033[?1003l\033[?1006l";
    fatal_len = 0;
    if (mouse_on && fatal_len + sizeof mouse_off < sizeof fatal_bytes) {
        memcpy(fatal_bytes, mouse_off, sizeof mouse_off - 1);
        fatal_len = sizeof mouse_off - 1;
    }
    add_fatal_bytes("sgr0");
    add_fatal_bytes("rmkx");
    add_fatal_bytes("cnorm");
    const char *rmcup = tigetstr("rmcup");
    if (rmcup == NULL || rmcup == (char *)-1)
        add_fatal_bytes("clear"); /* no alternate screen: no frame left behind */
    else
        add_fatal_bytes("rmcup");
    fatal_armed = 1;
}

int term_locale(void)
{
    return cr_canvas_locale_utf8();
}

static int palette_rgb24(int index)
{
    double c[3];
    cr_palette_rgb(index, c);
    return (int)lround(c[0] * 255) << 16 | (int)lround(c[1] * 255) << 8 | (int)lround(c[2] * 255);
}

/* With 256 colours: the palette of view/palette.h (tested for contrast),
 * each theme painting its own background.  With 8: the table above. */
static void setup_pairs(void)
{
    if (!use_color)
        return;
    for (int r = 0; r < CR_ROLE_COUNT; r++) {
        if (use_256 && COLORS >= 0x1000000) {
            /* A direct-colour terminal (TERM=xterm-direct, …): colour
             * numbers are 24-bit RGB, so give the palette's own. */
            cr_palette_entry e = cr_palette_get(r, light_theme);
            init_extended_pair(r + 1, palette_rgb24(e.fg), palette_rgb24(e.bg));
        } else if (use_256) {
            cr_palette_entry e = cr_palette_get(r, light_theme);
            init_pair((short)(r + 1), e.fg, e.bg);
        } else {
            short fg = light_theme ? styles[r].light : styles[r].dark;
            init_pair((short)(r + 1), fg, light_theme ? COLOR_WHITE : -1);
        }
    }
    bkgdset((chtype)' ' | COLOR_PAIR(CR_ROLE_TEXT + 1));
}

void term_set_theme(int light)
{
    light_theme = light;
    setup_pairs();
    term_invalidate();
}

int term_has_color(void)
{
    return use_color;
}

static void restore_at_exit(void)
{
    term_restore();
}

int term_init(const term_opts *o, char *err, size_t errlen)
{
    if (install_signals(err, errlen) != CR_OK)
        return CR_EIO;
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
        return cr_error(err, errlen, CR_EIO, "the interactive UI needs a terminal "
                                             "(try `colres snapshot` for a text frame)");
    if (tcgetattr(STDIN_FILENO, &saved_modes) == 0)
        install_fatal_signals();
    if (newterm(NULL, stdout, stdin) == NULL)
        return cr_error(err, errlen, CR_EIO, "cannot initialise the terminal (TERM=%s)",
                        getenv("TERM") != NULL ? getenv("TERM") : "unset");
    initialized = 1;
    atexit(restore_at_exit);
    /* A terminal that cannot place the cursor (TERM=dumb) would show only a
     * status line: refuse, and say what works. */
    const char *cup = tigetstr("cup");
    if (cup == NULL || cup == (char *)-1) {
        initialized = 0;
        endwin();
        return cr_error(err, errlen, CR_EIO, "the terminal (TERM=%s) cannot move the cursor; "
                        "use a full terminal (TERM=xterm-256color, …) or `colres snapshot`",
                        getenv("TERM") != NULL ? getenv("TERM") : "unset");
    }
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    nodelay(stdscr, TRUE);
    curs_set(0);
    set_escdelay(25);
    light_theme = o->light;
    use_color = o->want_color && has_colors();
    if (use_color && start_color() == OK) {
        use_default_colors();
        use_256 = COLORS >= 256 && COLOR_PAIRS > CR_ROLE_COUNT;
        setup_pairs();
    } else {
        use_color = 0;
    }
    mouse_on = 0;
    if (o->mouse) {
        mouseinterval(0);
        mmask_t want = BUTTON1_PRESSED | BUTTON1_RELEASED | REPORT_MOUSE_POSITION;
        mouse_on = mousemask(want, NULL) != 0;
    }
    arm_fatal_restore();
    return CR_OK;
}

void term_restore(void)
{
    if (!initialized)
        return;
    initialized = 0;
    fatal_armed = 0;
    if (mouse_on)
        mousemask(0, NULL);
    /* Without an alternate screen (vt100, linux, ansi) the last frame would
     * stay behind the shell prompt: clear it first. */
    const char *smcup = tigetstr("smcup");
    if (smcup == NULL || smcup == (char *)-1) {
        erase();
        refresh();
    }
    curs_set(1);
    endwin();
}

void term_size(int *width, int *height)
{
    *width = COLS;
    *height = LINES;
}

void term_resize(void)
{
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
        resizeterm(ws.ws_row, ws.ws_col);
    term_invalidate();
}

void term_invalidate(void)
{
    clearok(curscr, TRUE);
}

static attr_t role_attr(int role, short *pair)
{
    if (role < 0 || role >= CR_ROLE_COUNT)
        role = CR_ROLE_TEXT;
    if (use_color && use_256) {
        *pair = (short)(role + 1);
        return cr_palette_get(role, light_theme).bold ? A_BOLD : A_NORMAL;
    }
    if (use_color) {
        *pair = (short)(role + 1);
        attr_t a = styles[role].color_attr;
        /* On the light theme bright (bold) colours wash out. */
        if (light_theme && role >= CR_ROLE_HEAT0 && role <= CR_ROLE_HEAT7)
            a &= ~A_BOLD;
        return a;
    }
    *pair = 0;
    return styles[role].mono_attr;
}

void term_blit(const cr_canvas *c)
{
    enum { RUN_MAX = 512 };
    wchar_t run[RUN_MAX + 1];
    werase(stdscr);
    int w = c->width < COLS ? c->width : COLS;
    int h = c->height < LINES ? c->height : LINES;
    for (int y = 0; y < h; y++) {
        int x = 0;
        while (x < w) {
            int role = c->cells[y * c->width + x].role;
            int x0 = x, n = 0;
            while (x < w && n < RUN_MAX && c->cells[y * c->width + x].role == role) {
                uint32_t ch = c->cells[y * c->width + x].ch;
                run[n++] = ch >= 32 && ch != 127 ? (wchar_t)ch : L'?';
                x++;
            }
            run[n] = L'\0';
            short pair;
            attr_t a = role_attr(role, &pair);
            attr_set(a, pair, NULL);
            /* The bottom-right cell makes addnwstr return ERR (the cursor
             * cannot advance) after drawing it: not an error. */
            mvaddnwstr(y, x0, run, n);
        }
    }
    attr_set(A_NORMAL, 0, NULL);
    wnoutrefresh(stdscr);
    doupdate();
}

int term_read(term_event *ev)
{
    wint_t wch;
    int rc = get_wch(&wch);
    if (rc == ERR)
        return 0;
    memset(ev, 0, sizeof *ev);
    if (rc == KEY_CODE_YES && wch == KEY_MOUSE) {
        MEVENT me;
        if (getmouse(&me) != OK)
            return term_read(ev);
        ev->key = TERM_KEY_MOUSE;
        ev->mx = me.x;
        ev->my = me.y;
        ev->press = (me.bstate & BUTTON1_PRESSED) != 0;
        ev->release = (me.bstate & BUTTON1_RELEASED) != 0;
        ev->drag = (me.bstate & REPORT_MOUSE_POSITION) != 0;
        return 1;
    }
    if (rc != KEY_CODE_YES) {
        ev->key = wch == '\r' || wch == '\n' ? TERM_KEY_ENTER
            : wch == 127 || wch == 8 ? TERM_KEY_BACKSPACE : (int)wch;
        return 1;
    }
    static const struct { int curses, term; } keymap[] = {
        { KEY_UP, TERM_KEY_UP }, { KEY_DOWN, TERM_KEY_DOWN },
        { KEY_LEFT, TERM_KEY_LEFT }, { KEY_RIGHT, TERM_KEY_RIGHT },
        { KEY_PPAGE, TERM_KEY_PGUP }, { KEY_NPAGE, TERM_KEY_PGDN },
        { KEY_HOME, TERM_KEY_HOME }, { KEY_END, TERM_KEY_END },
        { KEY_BTAB, TERM_KEY_BTAB }, { KEY_ENTER, TERM_KEY_ENTER },
        { KEY_BACKSPACE, TERM_KEY_BACKSPACE }, { KEY_DC, TERM_KEY_DELETE },
        { KEY_F(1), TERM_KEY_F1 }, { KEY_RESIZE, TERM_KEY_RESIZE },
    };
    ev->key = TERM_KEY_OTHER;
    for (size_t i = 0; i < sizeof keymap / sizeof keymap[0]; i++)
        if (keymap[i].curses == (int)wch)
            ev->key = keymap[i].term;
    return 1;
}

int term_signal_fd(void)
{
    return sigpipe[0];
}

int term_take_signals(void)
{
    char buf[64];
    while (read(sigpipe[0], buf, sizeof buf) > 0)
        ;
    return atomic_exchange(&pending_signals, 0);
}

int term_quit_signal(void)
{
    return quit_signal;
}

void term_suspend(void)
{
    if (!initialized)
        return;
    fatal_armed = 0; /* the shell's modes, while stopped */
    endwin();
    struct sigaction dfl, old;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(SIGTSTP, &dfl, &old);
    raise(SIGTSTP); /* stops here until SIGCONT */
    sigaction(SIGTSTP, &old, NULL);
    fatal_armed = 1;
    term_invalidate();
    doupdate();
}
