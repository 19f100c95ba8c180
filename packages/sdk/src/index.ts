/** pipguard consent widget (placeholder until the widget lands). */
export const version = "0.1.0";
