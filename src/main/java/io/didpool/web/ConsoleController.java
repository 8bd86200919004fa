package io.didpool.web;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The console's pages. Each is a static shell (no data, no key needed): its script calls the JSON API under
 * {@code /api/**} with the tenant API key the user pasted at sign-in, kept in the browser's sessionStorage only.
 */
@Controller
class ConsoleController {

    @GetMapping("/")
    String signIn(Model model) {
        return page(model, "signin", "Sign in");
    }

    @GetMapping("/dids")
    String dids(Model model) {
        return page(model, "dids", "DIDs");
    }

    @GetMapping("/segments")
    String segments(Model model) {
        return page(model, "segments", "Segments");
    }

    @GetMapping("/coverage")
    String coverage(Model model) {
        return page(model, "coverage", "Coverage");
    }

    @GetMapping("/journeys")
    String journeys(Model model) {
        return page(model, "journeys", "Journeys");
    }

    @GetMapping("/campaigns")
    String campaigns(Model model) {
        return page(model, "campaigns", "Campaigns");
    }

    @GetMapping("/trunks")
    String trunks(Model model) {
        return page(model, "trunks", "Trunks");
    }

    @GetMapping("/inbound")
    String inbound(Model model) {
        return page(model, "inbound", "Inbound calls");
    }

    @GetMapping("/suppression")
    String suppression(Model model) {
        return page(model, "suppression", "Do not call");
    }

    @GetMapping("/audit")
    String audit(Model model) {
        return page(model, "audit", "Audit");
    }

    private static String page(Model model, String name, String title) {
        model.addAttribute("page", name);
        model.addAttribute("title", title);
        return "console/" + name;
    }
}
