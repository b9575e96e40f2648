package dev.switchboard.notifications.control;

import dev.switchboard.notifications.boundary.MailJob;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Renders a mail's subject, plain text and HTML from the templates in {@code mail/} (one set per
 * kind). Thymeleaf escapes what users wrote in the HTML part.
 */
@ApplicationScoped
public class MailTemplates {

  public static final String PRODUCT = "Switchboard";

  public record Rendered(String subject, String text, String html) {}

  private final TemplateEngine html = engine(TemplateMode.HTML, ".html");
  private final TemplateEngine text = engine(TemplateMode.TEXT, ".txt");

  private static TemplateEngine engine(TemplateMode mode, String suffix) {
    var resolver = new ClassLoaderTemplateResolver(MailTemplates.class.getClassLoader());
    resolver.setPrefix("mail/");
    resolver.setSuffix(suffix);
    resolver.setTemplateMode(mode);
    resolver.setCharacterEncoding("UTF-8");
    resolver.setCacheable(true);
    var engine = new TemplateEngine();
    engine.setTemplateResolver(resolver);
    return engine;
  }

  public Rendered render(MailJob.Kind kind, Map<String, Object> model) {
    var context = new Context(java.util.Locale.ROOT, model);
    context.setVariable("product", PRODUCT);
    String name = kind.key();
    return new Rendered(
        text.process(name + ".subject", context).strip(),
        text.process(name, context),
        html.process(name, context));
  }
}
