//! What each kind of email says and shows: its blocks of text, its links and whether it lists the
//! items, decided once for every locale.

use super::*;

impl Words<'_> {
    fn items_block(&self) -> ItemsBlock {
        let order = self.order;
        let label = |key: &str| self.text(key).unwrap_or_default();
        let mut totals = Vec::new();
        if order.totals.discount_minor != 0 {
            let amount = format!("−{}", self.money(order.totals.discount_minor));
            totals.push(TotalLine { label: label("items-discount"), amount });
        }
        totals.extend([
            TotalLine { label: label("items-subtotal"), amount: self.money(order.totals.subtotal_minor) },
            TotalLine { label: label("items-shipping"), amount: self.money(order.totals.shipping_minor) },
        ]);
        if order.totals.tax_minor != 0 {
            totals.push(TotalLine { label: label("items-tax"), amount: self.money(order.totals.tax_minor) });
        }
        totals.push(TotalLine { label: label("items-total"), amount: self.money(order.totals.total_minor) });
        let rows = order
            .items
            .iter()
            .map(|item| ItemRow {
                name: item.name.clone(),
                sku: item.sku.clone(),
                quantity: item.quantity,
                amount: self.money(item.unit_price_minor * i64::from(item.quantity)),
            })
            .collect();
        ItemsBlock { rows, totals }
    }

    /// What each kind of email says and shows.
    pub(super) fn email_view(&self) -> Result<View, RenderError> {
        use NoticeKind as K;
        let (order, notice) = (self.order, self.notice);
        let kind = notice.kind.as_str();
        let for_owner = notice.audience == Audience::Owner;
        let key = |suffix: &str| format!("{kind}-{suffix}");
        let mut paragraphs = vec![self.text(&key(
            if for_owner
                && matches!(notice.kind, K::OrderCancelled | K::PaymentFailed | K::ReturnRequested | K::PaymentOverdue)
            {
                "owner"
            } else {
                "body"
            },
        ))?];
        let more = match notice.kind {
            K::PaymentFailed | K::PaymentOverdue => !for_owner,
            K::PaymentReceived | K::PaymentReminder | K::PaymentAlert | K::OutOfStock | K::DeliveryException => true,
            K::OrderCancelled => !for_owner,
            K::Refunded => order.payment.refunded_minor() != notice.amount_minor.unwrap_or_default(),
            K::Shipped => order.shipment.estimated_delivery.is_some(),
            _ => false,
        };
        if more {
            paragraphs.push(self.text(&key("more"))?);
        }
        // A paid order cancelled: the owner has money to give back.
        let paid_back = order.payment.received_minor() <= order.payment.refunded_minor();
        if notice.kind == K::OrderCancelled && for_owner && !paid_back {
            paragraphs.push(self.text(&key("refund"))?);
        }
        if notice.kind == K::PaymentFailed && !for_owner && order.payment.due_at.is_some() {
            paragraphs.push(self.text(&key("due"))?);
        }
        let mut links = Vec::new();
        let unpaid = matches!(order.payment.method, Some(PaymentMethod::Prepaid | PaymentMethod::Invoice))
            && !order.payment.status.is_settled()
            && order.payment.due_at.is_some();
        let overdue = notice.kind == K::PaymentOverdue && !for_owner && !order.payment.status.is_settled();
        if (unpaid && matches!(notice.kind, K::OrderConfirmed | K::PaymentReminder)) || overdue {
            if notice.kind == K::OrderConfirmed {
                paragraphs.push(self.text(&key("pay"))?);
            }
            let due =
                order.payment.due_at.map(|at| self.catalog.datetime(&self.locale, at, &self.zone)).unwrap_or_default();
            let fill = |template: &str, amount: String| {
                template
                    .replace("{amount}", &amount)
                    .replace("{currency}", order.totals.currency.code())
                    .replace("{reference}", &order.number)
                    .replace("{due}", &due)
            };
            let remaining = (order.totals.total_minor - order.payment.received_minor()).max(0);
            let how = &self.shop.how_to_pay;
            if let Some(instructions) = &how.instructions {
                paragraphs.push(fill(instructions, self.money(remaining)));
            }
            if let Some(link) = &how.link {
                let url = fill(link, order.money(remaining).decimal());
                links.push(Link { label: self.text("pay-link")?, url });
            }
        }
        if matches!(notice.kind, K::AvailableForPickup | K::PickupReminder) {
            let shipment = &order.shipment;
            if let Some(hours) = &shipment.pickup_hours {
                paragraphs.push(format!("{}: {hours}", self.plain("pickup-hours")));
            }
            if let Some(code) = &shipment.pickup_code {
                paragraphs.push(format!("{}: {code}", self.plain("pickup-code")));
            }
        }
        let delivery = order.shipping.delivery;
        if notice.kind == K::OrderReceived {
            let asks = [
                (delivery == Delivery::Pickup, "pickup"),
                (order.asks_customer(), "address"),
                (order.customer.phone_as_given.is_some() && notice.channel == Channel::Email, "phone"),
            ];
            for (_, suffix) in asks.into_iter().filter(|(asked, _)| *asked) {
                paragraphs.push(self.text(&key(suffix))?);
            }
        }
        if notice.kind == K::NeedsAttention {
            let told = order.notices.values().any(|n| n.audience == Audience::Customer);
            let suffix = match (told, order.asks_customer()) {
                (false, _) => "unreachable",
                (true, true) => "asked",
                (true, false) => "told",
            };
            paragraphs.push(self.text(&key(suffix))?);
            paragraphs.push(self.text(&key("fix"))?);
        }
        let mut blocks = Vec::new();
        if notice.kind == K::NeedsAttention {
            let lines = order
                .attention
                .iter()
                .map(|problem| {
                    let field = crate::providers::payload_field(order.source, problem.field());
                    Ok(format!("{field}: {}", self.text(&format!("problem-{}", problem.kind().as_str()))?))
                })
                .collect::<Result<Vec<_>, TextError>>()?;
            blocks.push(Block { label: self.text(&key("heading"))?, lines });
        }
        let address = order.shipping.address.as_ref().map(|a| a.expose().label());
        let destination = match delivery {
            Delivery::Ship => "address-ship-to",
            Delivery::Pickup => "address-collect",
            Delivery::NotNeeded => "address-none",
        };
        match (notice.kind, &address) {
            (K::OrderReceived | K::DetailsConfirmed, Some(lines)) if delivery == Delivery::Ship => {
                blocks.push(Block { label: self.text("address-delivered-to")?, lines: lines.clone() })
            }
            (K::DetailsConfirmed, _) => blocks.push(Block { label: self.text(destination)?, lines: Vec::new() }),
            (K::NewOrder | K::NeedsAttention | K::CustomerUnreachable, _) => {
                blocks.push(Block { label: self.text(destination)?, lines: address.clone().unwrap_or_default() });
                let customer = &order.customer;
                let name = customer.name.as_ref().map(|n| n.expose().clone());
                let mut lines = vec![name.unwrap_or_else(|| self.plain("customer-no-name"))];
                lines.extend([&customer.email, &customer.phone].into_iter().flatten().map(|c| c.expose().clone()));
                for unusable in [&customer.email_as_given, &customer.phone_as_given].into_iter().flatten() {
                    lines.push(format!("{} ({})", unusable.expose(), self.plain("contact-unusable")));
                }
                blocks.push(Block { label: self.text("customer-heading")?, lines });
                if let Some(note) = &customer.note {
                    blocks.push(Block { label: self.text("customer-note")?, lines: vec![note.expose().clone()] });
                }
            }
            _ => {}
        }
        let tracked = matches!(
            notice.kind,
            K::Shipped | K::OutForDelivery | K::DeliveryException | K::DeliveryDelayed | K::SentAgain
        );
        if let (true, Some(url)) = (tracked, order.shipment.tracking_link()) {
            links.push(Link { label: self.text("tracking-link")?, url });
        }
        if !for_owner && !matches!(notice.kind, K::FollowUp) {
            links.push(Link { label: self.text("status-link")?, url: self.shop.status_url(order) });
        }
        Ok(View {
            locale: self.locale.clone(),
            subject: self.text(&key(
                if for_owner
                    && matches!(
                        notice.kind,
                        K::PaymentFailed | K::ReturnRequested | K::ComplaintOpened | K::PaymentOverdue
                    )
                {
                    "owner-subject"
                } else {
                    "subject"
                },
            ))?,
            shop: self.shop.name.clone(),
            accent: self.shop.accent.clone(),
            logo_url: self.shop.logo_url.clone(),
            number: order.number.clone(),
            greeting: (!for_owner)
                .then(|| self.text(if order.customer.name.is_some() { "hello" } else { "hello-anonymous" }))
                .transpose()?,
            paragraphs,
            items: matches!(notice.kind, K::OrderReceived | K::NewOrder | K::NeedsAttention)
                .then(|| self.items_block()),
            blocks,
            links,
        })
    }
}
