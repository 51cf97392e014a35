package io.leadpool.pool.lead;

/** Hides contact data of leads nobody has claimed yet: enough to recognise, not enough to call. */
public final class Masking {

    private Masking() {
    }

    /** {@code +8613800138000} → {@code +86138****8000}. */
    public static String phone(String phone) {
        if (phone == null) {
            return null;
        }
        int keepStart = Math.min(6, Math.max(0, phone.length() - 8));
        int keepEnd = Math.min(4, Math.max(0, phone.length() - keepStart - 4));
        return phone.substring(0, keepStart) + "****" + phone.substring(phone.length() - keepEnd);
    }

    /** {@code li.lei@example.com} → {@code l***@example.com}. */
    public static String email(String email) {
        if (email == null) {
            return null;
        }
        int at = email.indexOf('@');
        if (at <= 0) {
            return "***";
        }
        return email.charAt(0) + "***" + email.substring(at);
    }
}
