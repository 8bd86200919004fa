import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * A stand-in for Twilio's REST API, for bench/import: one account of COUNT numbers, served as Twilio serves
 * IncomingPhoneNumbers (PageSize up to 1000, next_page_uri with a PageToken, the documented fields), and the
 * Account resource. Pages are generated on request, so the simulator's memory does not depend on COUNT either.
 * Only requests with the account's credentials (HTTP basic, SID:token) are answered; others get Twilio's 401.
 *
 * Usage: java TwilioSimulator.java PORT ACCOUNT_SID AUTH_TOKEN COUNT
 */
public class TwilioSimulator {

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        String account = args[1];
        String expectedAuth = "Basic " + Base64.getEncoder()
                .encodeToString((account + ":" + args[2]).getBytes(StandardCharsets.UTF_8));
        int count = Integer.parseInt(args[3]);
        String accountPath = "/2010-04-01/Accounts/" + account + ".json";
        String numbersPath = "/2010-04-01/Accounts/" + account + "/IncomingPhoneNumbers.json";

        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", exchange -> {
            try (exchange) {
                URI uri = exchange.getRequestURI();
                if (!expectedAuth.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    send(exchange, 401, "{\"code\":20003,\"message\":\"Authenticate\",\"more_info\":"
                            + "\"https://www.twilio.com/docs/errors/20003\",\"status\":401}");
                } else if (uri.getPath().equals(accountPath)) {
                    send(exchange, 200, "{\"sid\":\"" + account + "\",\"friendly_name\":\"bench account\","
                            + "\"status\":\"active\",\"type\":\"Full\"}");
                } else if (uri.getPath().equals(numbersPath)) {
                    send(exchange, 200, page(numbersPath, query(uri), count));
                } else {
                    send(exchange, 404, "{\"code\":20404,\"message\":\"The requested resource was not found\","
                            + "\"status\":404}");
                }
            }
        });
        server.start();
        System.out.println("Twilio simulator: " + count + " numbers of " + account + " on http://127.0.0.1:" + port);
    }

    private static String page(String path, Map<String, String> query, int count) {
        int pageSize = Math.min(1000, Math.max(1, Integer.parseInt(query.getOrDefault("PageSize", "50"))));
        int page = Integer.parseInt(query.getOrDefault("Page", "0"));
        int start = page * pageSize;
        int end = Math.min(count, start + pageSize);
        StringBuilder json = new StringBuilder(1400 * pageSize);
        json.append("{\"end\":").append(Math.max(start, end - 1))
                .append(",\"first_page_uri\":\"").append(path).append("?PageSize=").append(pageSize).append("&Page=0\"")
                .append(",\"incoming_phone_numbers\":[");
        for (int i = start; i < end; i++) {
            if (i > start) {
                json.append(',');
            }
            String digits = String.format("%07d", i % 10_000_000);
            String area = String.valueOf(200 + i / 10_000_000);
            String sid = String.format("PN%032x", i);
            json.append("{\"account_sid\":\"ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"address_requirements\":\"none\",")
                    .append("\"address_sid\":null,\"api_version\":\"2010-04-01\",\"beta\":false,")
                    .append("\"capabilities\":{\"fax\":false,\"mms\":").append(i % 3 == 0).append(",\"sms\":")
                    .append(i % 2 == 0).append(",\"voice\":true},")
                    .append("\"date_created\":\"Thu, 30 Jul 2015 23:19:04 +0000\",")
                    .append("\"date_updated\":\"Thu, 30 Jul 2015 23:19:04 +0000\",\"emergency_status\":\"Active\",")
                    .append("\"emergency_address_sid\":null,\"friendly_name\":\"(").append(area).append(") ")
                    .append(digits, 0, 3).append('-').append(digits, 3, 7).append("\",\"identity_sid\":null,")
                    .append("\"origin\":\"twilio\",\"phone_number\":\"+1").append(area).append(digits).append("\",")
                    .append("\"sid\":\"").append(sid).append("\",\"sms_application_sid\":\"\",")
                    .append("\"sms_fallback_method\":\"POST\",\"sms_fallback_url\":\"\",\"sms_method\":\"POST\",")
                    .append("\"sms_url\":\"\",\"status_callback\":\"\",\"status_callback_method\":\"POST\",")
                    .append("\"trunk_sid\":null,\"uri\":\"/2010-04-01/Accounts/ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/")
                    .append("IncomingPhoneNumbers/").append(sid).append(".json\",\"voice_application_sid\":\"\",")
                    .append("\"voice_caller_id_lookup\":false,\"voice_fallback_method\":\"POST\",")
                    .append("\"voice_fallback_url\":null,\"voice_method\":\"POST\",\"voice_url\":null,")
                    .append("\"voice_receive_mode\":\"voice\",\"status\":\"in-use\"}");
        }
        json.append("],\"next_page_uri\":");
        if (end < count) {
            json.append('"').append(path).append("?PageSize=").append(pageSize).append("&Page=").append(page + 1)
                    .append("&PageToken=PASIM").append(end).append('"');
        } else {
            json.append("null");
        }
        json.append(",\"page\":").append(page).append(",\"page_size\":").append(pageSize)
                .append(",\"previous_page_uri\":null,\"start\":").append(start)
                .append(",\"uri\":\"").append(path).append("?PageSize=").append(pageSize).append("\"}");
        return json.toString();
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> query = new HashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        return query;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
