/* A process forked right after Pango starts looking fonts up can still lay
 * out text: otr_fork waits for Pango's helper threads. With a bare fork(2)
 * the child waits forever for the fontconfig set-up that ran in a thread
 * it did not inherit. */
#include <pango/pangocairo.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "util.h"

/* A new font map (whose creation starts Pango's FcInit thread), then a
 * fork at once; the child lays out a line of mixed scripts within 20 s. */
static int child_lays_out_text(void)
{
    PangoFontMap *map = pango_cairo_font_map_new();
    PangoContext *context = pango_font_map_create_context(map);
    pid_t pid = otr_fork();
    if (pid < 0)
        return 0;
    if (pid == 0) {
        alarm(20);
        PangoLayout *layout = pango_layout_new(context);
        pango_layout_set_text(layout, "Beratung استشارة مشاوره", -1);
        int width = 0, height = 0;
        pango_layout_get_pixel_size(layout, &width, &height);
        _exit(width > 0 ? 0 : 1);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0)
        ;
    g_object_unref(context);
    g_object_unref(map);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

int main(void)
{
    for (int i = 0; i < 3; i++)
        CHECK(child_lays_out_text());
    return check_report("fork");
}
