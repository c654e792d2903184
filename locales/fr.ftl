# Français.

## Formats
number-decimal = ,
number-group = { "\u202F" }
date = { $day } { $month } { $year }
datetime = { $day } { $month } { $year }, { $time } { $zone }
month-1 = janv.
month-2 = févr.
month-3 = mars
month-4 = avr.
month-5 = mai
month-6 = juin
month-7 = juil.
month-8 = août
month-9 = sept.
month-10 = oct.
month-11 = nov.
month-12 = déc.

## Shared pieces
hello = Bonjour { $name },
items-subtotal = Sous-total
items-shipping = Livraison ({ $method })
items-tax = TVA
items-total = Total
address-delivered-to = Elle sera livrée à :
address-ship-to = Expédier à ({ $method }) :
address-collect = Retrait en magasin ({ $method })
customer-heading = Client
customer-note = Note du client
hello-anonymous = Bonjour,
customer-no-name = (nom non indiqué)
contact-unusable = tel que saisi, inutilisable
items-discount = Remise
address-none = Aucune livraison nécessaire
status-link = Suivre votre commande
tracking-link = Suivre votre colis
pay-link = Payer maintenant

## Order received (customer) and new order (owner)
order_received-subject = Nous avons bien reçu votre commande { $number }
order_received-body = Merci pour votre commande { $number }. Nous l'avons bien reçue et vous tiendrons informé·e de chaque étape.
order_received-pickup = Vous avez choisi le retrait en magasin ; nous vous préviendrons dès qu'elle sera prête.
order_received-address = Pour l'expédier, il nous manque votre adresse de livraison complète (nom, rue, code postal, ville et pays). Merci de nous la donner en répondant à cet e-mail.
order_received-phone = Le numéro de téléphone indiqué ({ $phone }) semble incorrect : merci de nous répondre avec un numéro auquel le livreur pourra vous joindre.
order_received-sms = { $missing ->
    [address] { $shop } : adresse manquante pour { $number } : { $link }
   *[none] { $shop } : commande { $number } reçue. { $link }
}
new_order-subject = Nouvelle commande { $number } ({ $count ->
    [one] 1 article
   *[other] { $count } articles
}, { $total })
new_order-body = Nouvelle commande { $number } de { $name }.
new_order-sms = { $shop } : nouvelle commande { $number } ({ $total })
## Payments
payment_received-subject = Paiement reçu pour la commande { $number }
payment_received-body = Nous avons bien reçu votre paiement de { $amount } pour la commande { $number }.
payment_received-more = { $full ->
    [yes] Votre commande est entièrement réglée. Nous vous préviendrons dès qu'elle sera expédiée.
   *[no] Il reste { $remaining } à régler sur un total de { $total }.
}
payment_received-sms = { $shop } : { $full ->
    [yes] commande { $number } payée, merci.
   *[no] { $amount } reçus, reste { $remaining }.
}
payment_failed-subject = Le paiement de votre commande { $number } n'a pas abouti
payment_failed-body = Votre paiement de { $total } pour la commande { $number } n'a pas abouti ; aucun montant n'a été débité.
payment_failed-more = Veuillez réessayer avec une autre carte ou un autre moyen de paiement, ou répondez à cet e-mail et nous vous aiderons.
payment_failed-due = Nous gardons votre commande jusqu'au { $due }.
payment_failed-sms = { $shop } : paiement refusé ({ $number }). { $link }
payment_reminder-subject = La commande { $number } attend votre paiement
payment_reminder-body = Votre commande { $number } ({ $total }) attend toujours votre paiement.
payment_reminder-more = Merci de régler avant le { $due } ; passé ce délai, la commande sera annulée automatiquement.
payment_reminder-sms = { $shop } : réglez { $number } avant le { $due_date }, sinon elle sera annulée.
refunded-subject = Remboursement de { $amount } pour la commande { $number }
refunded-body = Nous avons remboursé { $amount } pour la commande { $number }. Le montant peut mettre quelques jours à apparaître sur votre relevé.
refunded-more = Total remboursé à ce jour : { $refunded }.
refunded-sms = { $shop } : { $amount } remboursés ({ $number }). { $link }
payment_alert-subject = La commande { $number } demande votre attention : { $alert }
payment_alert-body = La commande { $number } ({ $name }) demande votre attention : { $alert }.
payment_alert-more = Total de la commande { $total } · reçu { $received } · ce paiement { $amount }
payment_alert-sms = { $shop } : { $number } demande votre attention (paiement).
alert-cancelled = un paiement est arrivé après l'annulation de la commande ; remboursez-le ou rétablissez la commande
alert-overpaid = le montant payé dépasse le total de la commande ; la commande est en attente
alert-currency = le paiement est dans une autre devise ; la commande est en attente
alert-partial = seule une partie du total a été payée
alert-check = vérifiez le paiement

## Cancellation
order_cancelled-subject = Commande { $number } annulée
order_cancelled-body = Votre commande { $number } a été annulée : { $reason }.
order_cancelled-more = Si cela vous surprend, répondez à cet e-mail et nous arrangerons les choses.
order_cancelled-owner = La commande { $number } ({ $name }, { $total }) a été annulée : { $reason }. Étape : { $stage } ; par { $actor }.
order_cancelled-sms = { $shop } : commande { $number } annulée. { $link }
cancel-reason-payment_timeout = le paiement n'est pas arrivé à temps
cancel-reason-customer = à votre demande
cancel-reason-out_of_stock = les articles sont en rupture de stock
cancel-reason-fraud = le paiement n'a pas pu être vérifié
cancel-reason-shop = la boutique n'a pas pu l'honorer

## Fulfilment
order_confirmed-subject = La commande { $number } est confirmée
order_confirmed-body = Bonne nouvelle : nous avons confirmé votre commande { $number } et la préparons.
order_confirmed-pay = Merci de régler { $remaining } avant le { $due }, en indiquant { $number }.
order_confirmed-sms = { $shop } : commande { $number } confirmée. { $link }
being_assembled-subject = La commande { $number } est en préparation
being_assembled-body = Votre commande { $number } est en préparation. Nous vous préviendrons dès qu'elle sera expédiée.
being_assembled-sms = { $shop } : commande { $number } en préparation. { $link }
out_of_stock-subject = Une partie de la commande { $number } est en rupture : à vous de choisir
out_of_stock-body = Nous sommes désolés : { $items } de votre commande { $number } { $count ->
    [one] est
   *[other] sont
} en rupture de stock.
out_of_stock-more = Vous pouvez choisir : { $options }. Choisissez sur la page de votre commande (le lien ci-dessous), ou répondez à ce message, avant le { $by } ; sinon, nous allons { $default }.{ $expected ->
    [none] {""}
   *[other] {" "}Le réassort est attendu le { $expected }.
}
out_of_stock-sms = { $shop } : rupture sur { $number }, choisissez : { $link }
stock-option-substitute = un produit de remplacement
stock-option-wait = attendre le réassort
stock-option-cancel_missing = l'envoi du reste sans eux
stock-option-cancel = annuler la commande
stock-default-substitute = vous envoyer un produit de remplacement
stock-default-wait = attendre le réassort
stock-default-cancel_missing = vous envoyer le reste de la commande sans eux
stock-default-cancel = annuler la commande
shipped-subject = La commande { $number } est en route
shipped-body = Votre commande { $number } est en route avec { $carrier }{ $tracking ->
        [none] .
       *[other] , numéro de suivi { $tracking }.
    }
shipped-more = Livraison prévue : { $eta }.
shipped-sms = { $shop } : commande { $number } expédiée{ $tracking ->
        [none] {""}
       *[other] {" "}({ $tracking })
    }. { $link }
out_for_delivery-subject = La commande { $number } est en cours de livraison
out_for_delivery-body = Votre commande { $number } sera livrée aujourd'hui.
out_for_delivery-sms = { $shop } : commande { $number } livrée aujourd'hui. { $link }
available_for_pickup-subject = La commande { $number } est prête à être retirée
available_for_pickup-body = Votre commande { $number } vous attend : { $place }.
available_for_pickup-sms = { $shop } : commande { $number } à retirer : { $place }. { $code ->
    [none] {""}
   *[other] Code : { $code }
}
pickup-point = au point de retrait
delivery_exception-subject = Un problème de livraison pour la commande { $number }
delivery_exception-body = La livraison de la commande { $number } rencontre un problème : { $problem }.
delivery_exception-more = { $next }
delivery_exception-sms = { $shop } : souci de livraison pour { $number } : { $link }
exception-failed_attempt = le transporteur n'a pas pu la livrer
exception-failed_attempt-next = Il repassera ou laissera un avis de passage.
exception-delayed = elle a pris du retard en transit
exception-delayed-next = Elle est toujours en route ; nous vous préviendrons quand elle sera en livraison.
exception-lost = le transporteur a perdu sa trace
exception-lost-next = Nous enquêtons avec le transporteur et reviendrons vers vous.
exception-returning_to_sender = elle nous est retournée
exception-returning_to_sender-next = Nous vous contacterons pour un nouvel envoi ou un remboursement.
exception-other = le transporteur a signalé un problème
exception-other-next = Nous nous en occupons et vous tiendrons informé·e.
delivery_delayed-subject = La commande { $number } est retardée
delivery_delayed-body = Votre commande { $number } arrivera plus tard que prévu : le transporteur l'attend désormais le { $eta }. Toutes nos excuses pour l'attente.
delivery_delayed-sms = { $shop } : { $number } retardée, prévue le { $eta }.
delivered-subject = La commande { $number } a été livrée
delivered-body = Votre commande { $number } a été livrée. Bonne découverte !
delivered-sms = { $shop } : commande { $number } livrée. Bonne découverte !
follow_up-subject = La commande { $number } est-elle arrivée en bon état ?
follow_up-body = Votre commande { $number } est-elle bien arrivée ? Dites-le-nous sur la page de votre commande, où vous pouvez aussi renvoyer des articles : { $link }
follow_up-sms = { $shop } : { $number } bien reçue ? { $link }
shipment_stuck-subject = Aucune nouvelle du transporteur pour la commande { $number }
shipment_stuck-body = La commande { $number } ({ $name }) n'a eu aucune mise à jour du transporteur depuis le { $since }.
shipment_stuck-sms = { $shop } : aucune nouvelle du transporteur pour { $number } depuis le { $since }.


## Commandes à vérifier, et détails confirmés par la boutique
needs_attention-subject = La commande { $number } est à vérifier : { $problems ->
    [one] 1 point
   *[other] { $problems } points
} à corriger
needs_attention-body = La commande { $number } de { $name } est enregistrée, mais elle a besoin de vous avant de continuer.
needs_attention-told = Le client a été informé que nous avons sa commande.
needs_attention-asked = Le client a été informé que nous avons sa commande, et nous lui avons demandé son adresse de livraison.
needs_attention-unreachable = Le client n'a laissé ni e-mail ni téléphone utilisable : personne ne l'a prévenu.
needs_attention-fix = Complétez ce qui manque avec l'action « update » du back-office, ou confirmez la commande telle quelle.
needs_attention-heading = À corriger
needs_attention-sms = { $shop } : la commande { $number } est à vérifier.
problem-no_contact = ni e-mail ni téléphone utilisable
problem-no_recipient = aucun nom sur l'adresse de livraison
problem-no_address = aucune adresse de livraison
problem-no_street = l'adresse n'a pas de rue
problem-no_city = l'adresse n'a pas de ville
problem-bad_country = pas de pays, ou pas un code pays à deux lettres
problem-no_shipping_method = aucun mode de livraison choisi
problem-no_payment_method = aucun moyen de paiement choisi
problem-no_items = la commande n'a aucun article
problem-bad_item = un article sans nom, sans quantité ou sans prix
details_confirmed-subject = Les détails de la commande { $number } sont confirmés
details_confirmed-body = Nous avons confirmé les détails de livraison de votre commande { $number } ({ $method }). Nous vous préviendrons dès qu'elle avancera.
details_confirmed-sms = { $shop } : détails de { $number } confirmés. { $link }
customer_unreachable-subject = Impossible de joindre le client de la commande { $number }
customer_unreachable-body = Un message à { $name } au sujet de la commande { $number } n'a pu être remis sur aucun des moyens de contact donnés. Merci de le contacter autrement ; l'historique de la commande indique quel message a échoué et pourquoi.
customer_unreachable-sms = { $shop } : impossible de joindre le client de la commande { $number }.
stock_decided-subject = À propos des articles manquants de la commande { $number }
stock_decided-body = { $choice ->
    [substitute] Nous enverrons un article de remplacement pour { $items }, et votre commande { $number } suit son cours.
    [cancel_missing] Nous enverrons votre commande { $number } sans { $items } : ils en sont retirés, { $amount } de moins{ $paid ->
        [yes] , que nous vous rembourserons.
       *[no] .
    }
   *[wait] Nous attendons { $items } et enverrons votre commande { $number } dès leur retour{ $expected ->
        [none] .
       *[other] , prévu le { $expected }.
    }
}
stock_decided-sms = { $shop } : { $number } { $choice ->
    [substitute] : remplacement.
    [cancel_missing] : envoi sans les articles manquants.
   *[wait] : on attend.
} { $link }
stock_answered-subject = Commande { $number } : le client a répondu pour les articles manquants
stock_answered-body = { $name } a répondu à la question sur { $items } (commande { $number }) : { $choice ->
    [substitute] envoyer un remplacement.
    [cancel] annuler la commande (elle est annulée).
    [cancel_missing] envoyer le reste ; les articles manquants sont retirés de la commande ({ $amount }).
   *[wait] attendre les articles.
}
stock_answered-sms = { $shop } : commande { $number }, le client a choisi { $choice }.
payment_failed-owner-subject = Un paiement de la commande { $number } a échoué
payment_failed-owner = Un paiement de { $total } pour la commande { $number } ({ $name }) n'a pas abouti. Le client a été informé de la façon de payer.
processing_late-subject = La commande { $number } attend toujours d'être expédiée
processing_late-body = La commande { $number } de { $name } n'a pas encore été préparée ni expédiée.
processing_late-sms = { $shop } : la commande { $number } attend toujours d'être expédiée.
parcel_lost-subject = Le colis de la commande { $number } demande votre attention
parcel_lost-body = Le colis de la commande { $number } ({ $name }, { $carrier }) : { $problem }. Renvoyez-le ou remboursez le client ; il a été prévenu.
parcel_lost-sms = { $shop } : colis de { $number } : { $problem }.
pickup-hours = Horaires d'ouverture
pickup-code = Votre code de retrait
pickup_reminder-subject = La commande { $number } vous attend
pickup_reminder-body = Votre commande { $number } vous attend toujours à { $place }.
pickup_reminder-sms = { $shop } : { $number } vous attend à { $place }. { $code ->
    [none] {""}
   *[other] Code : { $code }
}
pickup_expired-subject = La commande { $number } n'a pas été retirée
pickup_expired-body = La commande { $number } ({ $name }) était prête à { $place } et personne n'est venu la chercher. Contactez le client, ou reprenez-la.
pickup_expired-sms = { $shop } : { $number } n'a pas été retirée à { $place }.
could_not_reach-subject = Nous avons essayé de vous appeler au sujet de la commande { $number }
could_not_reach-body = Nous avons essayé de vous appeler au sujet de votre commande { $number }, sans succès. { $next_call ->
    [none] Nous réessaierons bientôt.
   *[other] Nous rappellerons le { $next_call }.
} Vous pouvez aussi répondre à ce message.
could_not_reach-sms = { $shop } : nous n'avons pas pu vous joindre pour { $number }. { $next_call ->
    [none] Nous rappellerons bientôt.
   *[other] Nous rappellerons le { $next_call }.
}

capture_failed-subject = Commande { $number } : le paiement n'a pas pu être encaissé
capture_failed-body = Le paiement autorisé pour la commande { $number } ({ $name }, { $total }) n'a pas pu être encaissé via { $provider } : { $failure }. La commande n'a pas été expédiée. Demandez un autre paiement au client puis expédiez à nouveau, ou expédiez-la sans paiement, sur votre décision.
capture_failed-sms = { $shop } : paiement de { $number } non encaissé ({ $provider }).
hold_not_released-subject = Commande { $number } : libérez le montant bloqué
hold_not_released-body = La commande { $number } ({ $name }) est annulée, mais les { $amount } bloqués pour elle n'ont pas pu être libérés via { $provider } : { $failure }. Libérez-les dans le tableau de bord { $provider }, pour que l'argent du client ne reste pas bloqué jusqu'à l'expiration de l'autorisation ; s'il a été encaissé, remboursez-le.
hold_not_released-sms = { $shop } : libérez le montant bloqué pour { $number }, annulée ({ $provider }).

refund_due-subject = Commande { $number } : remboursez { $amount }
refund_due-body = { $items } ont été retirés de la commande { $number } ({ $name }) après un paiement de { $received } ; la commande s'élève maintenant à { $total }. Remboursez { $amount } au client, dans le tableau de bord du prestataire de paiement ou comme il a payé.
refund_due-sms = { $shop } : remboursez { $amount } sur { $number }.

arrival_problem-subject = La commande { $number } n'est pas arrivée en bon état
arrival_problem-body = Le client de la commande { $number } ({ $name }) indique qu'elle n'est pas arrivée en bon état. Contactez-le.
arrival_problem-sms = { $shop } : { $number } arrivée en mauvais état, selon le client.
return_requested-subject = Votre demande de retour pour la commande { $number }
return_requested-body = Nous avons reçu votre demande de retour de { $return_items } (commande { $number }, { $return_reason }). Nous vous dirons comment le renvoyer.
return_requested-sms = { $shop } : retour demandé, { $number }. { $link }
return_requested-owner = Le client de la commande { $number } ({ $name }) demande à retourner { $return_items } : { $return_reason }, { $amount }. Acceptez ou refusez dans le back-office (retour { $return_number }).
return_requested-owner-subject = Commande { $number } : un retour à décider
return_approved-subject = Votre retour pour la commande { $number } est accepté
return_approved-body = Vous pouvez renvoyer { $return_items } de la commande { $number }. { $instructions ->
    [none] Nous vous recontacterons pour les modalités.
   *[other] { $instructions }
} Dès réception, nous remboursons { $amount }.
return_approved-sms = { $shop } : retour accepté pour { $number }. { $link }
return_rejected-subject = À propos de votre retour pour la commande { $number }
return_rejected-body = Nous ne pouvons pas reprendre { $return_items } de la commande { $number } : { $refusal }
return_rejected-sms = { $shop } : retour refusé pour { $number }. { $link }
return_received-subject = Nous avons reçu votre retour pour la commande { $number }
return_received-body = Votre retour de { $return_items } (commande { $number }) est arrivé. Nous remboursons { $amount } maintenant.
return_received-sms = { $shop } : retour reçu pour { $number }, remboursement en cours.
return-reason-changed_mind = J'ai changé d'avis
return-reason-wrong_item = Mauvais article
return-reason-damaged = Endommagé
return-reason-not_as_described = Non conforme à la description
return-reason-other = Autre chose
complaint_opened-subject = Nous avons votre message sur la commande { $number }
complaint_opened-body = Nous avons reçu votre signalement pour la commande { $number } ({ $complaint_kind }). Nous l'examinons et vous dirons ce que nous faisons.
complaint_opened-sms = { $shop } : signalement reçu pour { $number }. { $link }
complaint_opened-owner = Le client de la commande { $number } ({ $name }) signale un problème : { $complaint_kind }. Traitez-le dans le back-office (réclamation { $complaint_number }).
complaint_opened-owner-subject = Commande { $number } : une réclamation à traiter
complaint_resolved-subject = À propos de votre signalement, commande { $number }
complaint_resolved-body = Votre signalement sur la commande { $number } : { $resolution ->
    [repair] Nous allons le réparer.
    [replacement] { $replacement ->
        [none] Nous vous envoyons un remplacement.
       *[other] Nous vous avons envoyé un remplacement : { $replacement }.
    }
    [refund] Nous allons vous rembourser.
   *[rejected] Nous ne pouvons pas accepter ce signalement.
} { $resolution_note }
complaint_resolved-sms = { $shop } : signalement { $number } traité. { $link }
complaint-kind-damaged = Endommagé
complaint-kind-missing_item = Un article manque
complaint-kind-wrong_item = Mauvais article
complaint-kind-defect = Ne fonctionne plus (garantie)
replacement_delivered-subject = Votre remplacement pour la commande { $number } est arrivé
replacement_delivered-body = Le remplacement envoyé pour la commande { $number } a été livré. Nous espérons que tout va bien maintenant.
replacement_delivered-sms = { $shop } : remplacement pour { $number } livré.
digest-subject = Retours et réclamations, semaine avant le { $week }
digest-intro = Ce qu'a apporté la semaine avant le { $week } :
digest-returns = { $count } { $count ->
    [one] retour
   *[other] retours
} : { $reason }
digest-complaints = { $count } { $count ->
    [one] réclamation
   *[other] réclamations
} : { $kind }
## Status page
page-title = Commande { $number }
page-parcel = Votre colis
page-carrier = Transporteur : { $carrier }
page-tracking-number = Numéro de suivi : { $tracking }
page-eta = Livraison prévue : { $eta }
page-collect = À retirer : { $place }
page-follow = Suivre votre colis sur le site du transporteur
page-history = Historique
page-items = Articles
page-total = Total : { $total }
page-needs-address = Il nous manque votre adresse de livraison complète pour expédier cette commande. Répondez à notre message ou contactez { $shop }.
page-stock-question = Certains articles sont en rupture de stock : { $items }. Que souhaitez-vous ?
page-stock-deadline = Sans réponse avant le { $by }, nous allons { $default }.
page-stock-expected = Le réassort est attendu le { $expected }.
page-arrival-question = Votre commande est-elle bien arrivée ?
page-arrival-yes = Oui, tout va bien
page-arrival-no = Non, il y a un problème
page-arrival-what = Quel est le problème ? (facultatif)
page-arrival-thanks = Merci de nous l'avoir dit.
page-arrival-sorry = Désolés : nous allons vous contacter pour arranger cela.
page-review = Laisser un avis
page-return-title = Renvoyer des articles
page-return-until = Vous pouvez demander un retour jusqu'au { $until }.
page-return-reason = Pourquoi ?
page-return-send = Demander un retour
page-complaint-title = Signaler un problème
page-complaint-what = Quel est le problème ?
page-complaint-send = Envoyer
page-complaint-state = Signalement { $number } : { $state ->
    [open] en cours d'examen
    [repair] réparation prévue
    [replacement] remplacement en route
    [refund] remboursé
   *[rejected] non accepté
}
page-return-closed = Le délai de retour a pris fin le { $until }.
page-returns = Vos retours
page-return-state = Retour { $number } : { $state ->
    [requested] demande reçue
    [approved] accepté
    [rejected] refusé
    [received] reçu, remboursement en cours
   *[refunded] remboursé
}
timeline-received = Commande reçue
timeline-paid = Paiement reçu
timeline-payment-failed = Le paiement n'a pas abouti
timeline-refunded = Remboursement effectué
timeline-reminder = Rappel de paiement envoyé
timeline-paid-on-delivery = Payée à la livraison
timeline-cancelled = Commande annulée
timeline-confirmed = Commande confirmée
timeline-packing = En préparation
timeline-on-hold = En attente
timeline-shipped = Remise au transporteur
timeline-in-transit = En transit
timeline-out-for-delivery = En cours de livraison
timeline-pickup = Prête à être retirée
timeline-failed-attempt = Tentative de livraison échouée
timeline-delayed = Retard en transit
timeline-problem = Problème de livraison
timeline-delivered = Livrée
timeline-completed = Terminée

## Back-office pages
staff-actions = Actions
staff-bill-to = Facturer à
staff-by-status = Commandes par statut
staff-carrier = Transporteur
staff-cause = Motif
staff-customer = Client
staff-deliver-to = Livrer à
staff-discount = Remise
staff-find = Chercher
staff-find-number = Numéro de commande, e-mail ou téléphone
staff-history = Historique
staff-invoice = Facture
staff-item = Article
staff-items = Articles
staff-line-total = Montant
staff-message-failed = non distribué
staff-message-sent = envoyé { $at }
staff-message-waiting = en attente
staff-messages = Messages
staff-missing-items = Articles manquants (un par ligne, SKU ou nom)
staff-more = Suite
staff-next = À faire
staff-no-actions = Rien à faire dans ce statut.
staff-no-such-number = Aucune commande numéro { $number }.
staff-none = Aucune commande ici.
staff-not-found = Commande introuvable.
staff-note = Note
staff-order = Commande
staff-order-title = Commande { $number }
staff-orders = Commandes
staff-packing-slip = Bon de livraison
staff-paused = Trop de jetons erronés depuis ici ou pour ce compte : réessayez dans 15 minutes.
staff-payment = Paiement
staff-placed = Passée le
staff-price = Prix
staff-quantity = Qté
staff-refused = Refusé : rouvrez la page et réessayez.
staff-ship-unpaid = Expédier même si elle n'est pas payée
staff-shipping = Livraison
staff-sign-in = Se connecter
staff-sign-out = Se déconnecter
staff-sign-out-everywhere = Se déconnecter partout
staff-no-session-key = La connexion n'est pas configurée : la SESSION_KEY de la boutique manque.
staff-role-needed = Il faut le rôle { $role }.
staff-sessions-ended = Toutes les sessions de { $account } sont terminées.
staff-audit = Journal d'audit
staff-audit-day = Jour
staff-audit-show = Afficher
staff-audit-none = Rien d'enregistré ce jour-là.
staff-audit-when = Quand
staff-audit-who = Qui
staff-audit-what = Quoi
staff-audit-subject = Sur
staff-audit-outcome = Résultat
staff-erase = Effacer les données personnelles de ce client
staff-erase-about = Son nom, son email, son téléphone, ses adresses et ses notes sont retirés de toutes ses commandes ; montants, articles, identifiants et dates restent pour la comptabilité. C'est définitif.
staff-erase-confirm = Tapez erase pour confirmer
staff-erase-unconfirmed = Rien n'a été effacé : tapez erase dans la case pour confirmer.
staff-sku = SKU
staff-subtotal = Sous-total
staff-tax = TVA
staff-tax-id = N° TVA { $id }
staff-tax-rate = Taux de TVA
staff-prices-include-tax = Prix TTC.
staff-account = Votre nom (compte)
staff-token = Votre jeton d'équipe
staff-total = Total
staff-tracking = Suivre le colis
staff-tracking-number = Numéro de suivi
staff-tracking-url = Lien de suivi (facultatif)
staff-wrong-token = Ce nom et ce jeton ne correspondent à aucun compte.
staff-status-received = Reçue
staff-status-confirmed = Confirmée
staff-status-packing = En préparation
staff-status-on_hold = En attente
staff-status-shipped = Expédiée
staff-status-in_transit = En transit
staff-status-out_for_delivery = En cours de livraison
staff-status-available_for_pickup = Prête à retirer
staff-status-delivery_exception = Problème de livraison
staff-status-delivered = Livrée
staff-status-returned = Retournée
staff-status-cancelled = Annulée
staff-status-archived = Archivée
staff-payment-unpaid = non payée
staff-payment-authorized = autorisée
staff-payment-paid = payée
staff-payment-partially_paid = payée en partie
staff-payment-refunded = remboursée
staff-payment-partially_refunded = remboursée en partie
staff-payment-failed = échouée
staff-method-prepaid = prépayée
staff-method-invoice = facture
staff-method-cash_on_delivery = paiement à la livraison
staff-cause-customer = Demande du client
staff-cause-out_of_stock = Rupture de stock
staff-cause-fraud = Fraude
staff-cause-shop = Décision de la boutique
staff-do-confirm = Confirmer
staff-do-pack = Préparer
staff-do-ship = Expédier
staff-do-out-of-stock = Signaler des articles manquants
staff-do-deliver = Marquer livrée
staff-do-cancel = Annuler la commande
staff-do-ready-for-pickup = Prête à retirer
staff-do-stock-choice = Enregistrer le choix du client
staff-do-call = Enregistrer un appel
staff-do-refund = Enregistrer un remboursement
staff-do-update-contact = Corriger le contact
staff-do-update-address = Corriger l'adresse de livraison
staff-do-update-billing = Corriger l'adresse de facturation
staff-name = Nom
staff-email = E-mail
staff-phone = Téléphone
staff-recipient = Destinataire
staff-company = Société
staff-street = Numéro et rue
staff-street-more = Appartement, bâtiment (facultatif)
staff-postal-code = Code postal
staff-city = Ville
staff-region = Région ou état
staff-country = Pays (code à deux lettres, p. ex. FR)
staff-to-fix = À vérifier
staff-to-fix-how = Corrigez les informations ci-dessous, ou confirmez la commande pour la traiter telle quelle.
staff-pickup-place = Où la retirer
staff-pickup-hours = Horaires d'ouverture (facultatif)
staff-pickup-code = Code de retrait (facultatif)
staff-pickup-unpaid = La préparer même si elle n'est pas payée
staff-offer = Choix proposés au client
staff-default-choice = Si le client ne répond pas
staff-expected-on = De retour en stock le (facultatif)
staff-answer-within = Heures pour répondre
staff-stock-choice = Le client a choisi
staff-call-outcome = L'appel
staff-call-reached = Client joint
staff-call-no_answer = Pas de réponse
staff-call-wrong_number = Mauvais numéro
staff-refund-amount = Montant remboursé
staff-refund-note = Comment il a été remboursé (facultatif)
staff-next-received = À confirmer
staff-next-confirmed = À préparer
staff-next-packing = À expédier
staff-next-on_hold = À traiter
staff-next-shipped = Chez le transporteur
staff-next-in_transit = Chez le transporteur
staff-next-out_for_delivery = En cours de livraison
staff-next-available_for_pickup = À retirer
staff-next-delivery_exception = Problème de livraison
staff-next-delivered = Terminée
staff-next-returned = Retournée
staff-next-cancelled = Annulée
staff-next-archived = Archivée
staff-back-to-order = Retour à la commande
staff-prefers = Contacté par { $channel }
staff-customer-note = Note de l'équipe sur ce client
staff-save = Enregistrer
staff-their-orders = Ses commandes
staff-message-sent-short = envoyé
staff-no-contact = Cette commande n'a ni e-mail ni téléphone pour reconnaître le client.
staff-nothing-found = Rien trouvé : vérifiez le numéro, l'e-mail ou le téléphone.
staff-customer-card = Fiche client
staff-hint-attention = À traiter : informations manquantes
staff-hint-stock = En attente du choix du client
staff-hint-payment-check = Vérifier le paiement
staff-hint-due = Paiement attendu le { $due }
staff-hint-stuck = Pas de nouvelles du transporteur : vérifier le colis
staff-returns = Retours
staff-return-title = Retour { $number }
staff-return-instructions = Comment le renvoyer (facultatif : sinon RETURN_INSTRUCTIONS)
staff-return-approve = Accepter le retour
staff-return-refusal = Pourquoi pas
staff-return-reject = Refuser le retour
staff-return-condition = État à l'arrivée (facultatif)
staff-return-received = Marquer reçu
staff-return-requested = demandé
staff-return-approved = accepté
staff-return-rejected = refusé
staff-return-received-state = reçu
staff-return-refunded = remboursé
staff-complaints = Réclamations
staff-complaint-title = Réclamation { $number }
staff-resolution = Solution
staff-resolution-note = Message au client (facultatif)
staff-resolve = Clore
staff-resolution-repair = réparation
staff-resolution-replacement = remplacement
staff-resolution-refund = remboursement
staff-resolution-rejected = refusée
staff-fault = Responsable (facultatif)
staff-fault-customer = le client
staff-fault-shop = la boutique
staff-fault-carrier = le transporteur
staff-cost = Coût pour la boutique (facultatif)
staff-replacement-carrier = Transporteur du remplacement (facultatif)
staff-replacement-tracking = Numéro de suivi du remplacement (facultatif)
staff-after-sales = Retours et réclamations
staff-case-return-decide = Retour { $number } à décider
staff-case-return-coming = Retour { $number } en route
staff-case-return-refund = Retour { $number } à rembourser
staff-case-complaint = Réclamation { $number } à traiter
event-order-received = Commande reçue
event-needs-attention = À vérifier
event-attention-accepted = Acceptée telle quelle
event-attention-resolved = Problèmes résolus
event-details-updated = Coordonnées modifiées
event-cancellation-note = Note d'annulation
event-order-cancelled = Commande annulée
event-paid-on-delivery = Payée à la livraison
event-stock-default-applied = Sans réponse : choix par défaut appliqué
event-payment-received = Paiement reçu
event-payment-authorized = Paiement autorisé
event-capture-failed = Encaissement refusé
event-hold-released = Autorisation libérée
event-hold-not-released = Autorisation non libérée
event-payment-repeated = Paiement signalé à nouveau
event-payment-reconciled = Paiement compté une fois
event-payment-currency-mismatch = Paiement dans une autre devise
event-payment-failed = Paiement échoué
event-payment-refunded = Remboursée
event-refund-ignored = Remboursement déjà compté
event-payment-reminder = Rappel de paiement envoyé
event-notification-failed = Message non remis
event-notification-fallback = Envoyé par l'autre canal
event-notification-resent = Message renvoyé
event-shipped-unpaid = Remise sans paiement
event-stock-chosen = Choix pour les articles manquants
event-call-attempt = Appel
event-items-removed = Articles retirés de la commande
event-storefront-update = Modifiée dans la boutique
event-storefront-ignored = Modification de la boutique non appliquée
event-arrival-answered = Réponse sur la réception
event-return-requested = Retour demandé
event-return-updated = Retour mis à jour
event-complaint-opened = Réclamation
event-complaint-resolved = Réclamation traitée
event-replacement-tracked = Suivi du remplacement
event-refund-note = Note de remboursement
notice-order-received = Commande reçue
notice-new-order = Nouvelle commande
notice-payment-received = Paiement reçu
notice-payment-failed = Paiement échoué
notice-payment-reminder = Rappel de paiement
notice-refunded = Remboursement
notice-order-cancelled = Commande annulée
notice-payment-alert = Paiement à vérifier
notice-order-confirmed = Commande confirmée
notice-being-assembled = En préparation
notice-out-of-stock = Articles manquants : le choix
notice-shipped = Expédiée
notice-out-for-delivery = En cours de livraison
notice-available-for-pickup = Prête à retirer
notice-delivery-exception = Problème de livraison
notice-delivery-delayed = Livraison retardée
notice-delivered = Livrée
notice-follow-up = Bien reçue ?
notice-shipment-stuck = Pas de nouvelles du transporteur
notice-needs-attention = Commande à vérifier
notice-details-confirmed = Coordonnées confirmées
notice-customer-unreachable = Client injoignable
notice-stock-decided = Articles manquants : décidé
notice-stock-answered = Le client a choisi
notice-processing-late = En attente depuis trop longtemps
notice-parcel-lost = Colis perdu ou en retour
notice-pickup-reminder = Rappel de retrait
notice-pickup-expired = Non retirée
notice-could-not-reach = Nous n'avons pas pu vous joindre
notice-capture-failed = Encaissement refusé
notice-hold-not-released = Libérer le montant bloqué
notice-refund-due = Remboursement à faire
notice-arrival-problem = Arrivée avec un problème
notice-return-requested = Retour demandé
notice-return-approved = Retour accepté
notice-return-rejected = Retour refusé
notice-return-received = Retour reçu
notice-complaint-opened = Réclamation reçue
notice-complaint-resolved = Réclamation traitée
notice-replacement-delivered = Remplacement livré
staff-to-customer = au client
staff-to-owner = à la boutique
staff-channel-email = e-mail
staff-channel-sms = SMS
staff-carrier-update = Transporteur
staff-tick = Imprimer
staff-print-ticked = Imprimer les bons de livraison des commandes cochées
staff-none-ticked = Cochez au moins une commande.
page-not-found-title = Commande introuvable
page-not-found-text = Nous ne trouvons pas cette commande. Utilisez le lien de votre dernier message.
page-not-understood-title = Non compris
page-not-understood-text = Utilisez les choix proposés sur la page de votre commande.
page-not-accepted-title = Non accepté
page-not-accepted-text = Rouvrez la page de votre commande et répondez-y.
page-try-again-title = Veuillez réessayer
page-try-again-text = Votre réponse n'a pas pu être enregistrée pour le moment.
page-not-possible-title = Impossible
page-not-possible-text = Ce n'est plus possible pour votre commande ; sa page montre ce que vous pouvez encore faire.
page-stock-closed-text = La question sur les articles manquants a déjà été tranchée.
refusal-answered-already = Vous avez déjà répondu.
refusal-complaint-before-delivery = Un problème peut être signalé une fois la commande livrée.
refusal-warranty-ended = La garantie a pris fin le { $until }.
refusal-nothing-said = Dites-nous ce qui ne va pas.
refusal-return-before-delivery = Les retours sont possibles une fois la commande livrée.
refusal-return-window-closed = Le délai de retour a pris fin le { $until }.
refusal-nothing-to-return = Choisissez des articles et des quantités qui peuvent encore être retournés.
refusal-too-many-open-complaints = Vous avez signalé { $count } problèmes sur cette commande auxquels la boutique n'a pas encore répondu. Merci d'attendre sa réponse.
refusal-too-many-complaints = Il n'est plus possible de signaler un problème sur cette commande ici. Merci de contacter la boutique.
refusal-too-many-returns = Il n'est plus possible de demander un retour sur cette commande ici. Merci de contacter la boutique.
staff-unmatched = Événements sans commande
staff-unmatched-about = Paiements et suivis de colis qui ne désignaient aucune commande connue de la boutique, après une journée de nouvelles tentatives du fournisseur : un paiement ou un colis venu d'ailleurs, ou une commande jamais reçue. Vérifiez-les dans le tableau de bord du fournisseur.
staff-unmatched-none = Aucun.
staff-unmatched-source = Source
staff-unmatched-named = Ce qu'il désignait
staff-unmatched-first = Vu pour la première fois
payment_overdue-subject = Commande { $number } : votre paiement est en retard
payment_overdue-body = Votre commande { $number } ({ $total }) vous a été envoyée avant d'être payée, et son paiement est maintenant en retard.
payment_overdue-more = Merci de régler dès que possible. Si vous avez déjà payé, répondez à cet e-mail pour que nous le retrouvions.
payment_overdue-sms = { $shop } : paiement de { $number } en retard. { $link }
payment_overdue-owner = La commande { $number } ({ $name }, { $total }) a été remise sans paiement sur votre décision, et son échéance est passée. Elle n'est pas annulée : elle reste dans la liste des commandes comme impayée jusqu'à l'arrivée de l'argent. Le client a reçu un rappel.
payment_overdue-owner-subject = Commande { $number } : remise impayée, paiement en retard
staff-hint-unpaid = Remise impayée
staff-hint-overdue = Remise impayée : paiement en retard
event-payment-overdue = Paiement en retard (remise impayée)
notice-payment-overdue = Paiement en retard
sent_again-subject = Commande { $number } : nous l'avons renvoyée
sent_again-body = Le premier colis de votre commande { $number } ne vous est pas parvenu : nous l'avons renvoyée avec { $carrier }, numéro de suivi { $tracking }. Vous n'avez rien à nous retourner. Toutes nos excuses pour l'attente.
sent_again-sms = { $shop } : { $number } renvoyée ({ $tracking }). { $link }
delay_announced-subject = La commande { $number } aura du retard
delay_announced-body = Votre commande { $number } arrivera plus tard que prévu : nous l'attendons désormais chez vous d'ici le { $until }. Toutes nos excuses pour l'attente.
delay_announced-sms = { $shop } : { $number } aura du retard. { $link }
notice-sent-again = Renvoyée
notice-delay-announced = Retard annoncé
event-payment-recorded = Paiement enregistré par l'équipe
event-cash-collected = Encaissement du livreur enregistré
event-sent-again = Renvoyée
event-earlier-parcel = Nouvelles du premier colis
event-delay-announced = Retard annoncé
staff-do-payment-received = Enregistrer un paiement reçu
staff-do-send-again = Renvoyer
staff-do-delay = Annoncer un retard
staff-do-update-method = Corriger mode et canal
staff-received-amount = Montant reçu
staff-received-method = Moyen
staff-via-bank_transfer = Virement
staff-via-cash = Espèces
staff-via-card_terminal = Terminal de paiement
staff-via-cash_on_delivery = Encaissé par le livreur
staff-received-reference = Référence (libellé du virement, reçu)
staff-received-on = Reçu le
staff-resend-cost = Coût du colis perdu pour la boutique
staff-delay-until = Nouvelle date
staff-next-call-at = Prochain appel
staff-estimated-delivery = Livraison prévue
staff-shipping-method = Mode de livraison
staff-payment-method = Mode de paiement
staff-channel = Canal préféré
staff-reconcile = Encaissements à rapprocher
staff-reconcile-about = Commandes contre remboursement livrées dont l'encaissement par le livreur n'est pas enregistré, ou incomplet. Enregistrez ce que le livreur a reversé avec « Enregistrer un paiement reçu ».
staff-case-no-collection = Encaissement du livreur non enregistré
staff-case-short = Il manque { $amount }
timeline-sent-again = Renvoyée
timeline-delay-announced = Retard annoncé
timeline-cancel-requested = Vous avez demandé l'annulation
timeline-cancel-declined = N'a pas pu être annulée
cancel_requested-subject = Commande { $number } : le client demande l'annulation
cancel_requested-body = Le client de la commande { $number } ({ $name }) demande son annulation, alors qu'elle est en préparation. Annulez-la, ou laissez-la suivre son cours, depuis sa page ; il sera prévenu dans les deux cas.
cancel_requested-sms = { $shop } : le client demande l'annulation de { $number }.
sms_budget_spent-subject = Le budget SMS du mois est épuisé
sms_budget_spent-body = { $shop } a envoyé les SMS que son budget permet ce mois-ci. Jusqu'à la fin du mois, les clients sont prévenus par e-mail s'ils en ont donné un ; un client qui n'a donné qu'un numéro de téléphone n'est pas prévenu, et sa commande vous le signale. La commande { $number } a été le premier message au-delà du budget. Pour envoyer de nouveau des SMS ce mois-ci, demandez à votre hébergeur de relever le budget (SMS_SEGMENTS_PER_MONTH).
sms_budget_spent-sms = { $shop } : le budget SMS du mois est épuisé ; les clients sont prévenus par e-mail.
cancel_declined-subject = La commande { $number } n'a pas pu être annulée
cancel_declined-body = Nous n'avons pas pu annuler votre commande { $number } : elle était déjà préparée et part chez vous. Une fois reçue, vous pourrez la retourner depuis la page de votre commande.
cancel_declined-sms = { $shop } : { $number } non annulée. { $link }
notice-cancel-requested = Demande d'annulation
notice-cancel-declined = Annulation refusée
notice-sms-budget-spent = Budget SMS épuisé
event-cancel-requested = Le client demande l'annulation
event-cancel-declined = Annulation refusée
event-personal-data-erased = Données personnelles effacées
staff-do-cancel-decline = Poursuivre la commande
staff-cancel-requested = Le client demande l'annulation de cette commande. Annulez-la ci-dessous, ou poursuivez-la : il sera prévenu dans les deux cas.
staff-hint-cancel-requested = Le client demande l'annulation
page-cancel-title = Annuler votre commande
page-cancel-now-text = Rien n'est encore préparé : votre commande est annulée immédiatement, et tout paiement retenu pour elle est libéré.
page-cancel-now = Annuler ma commande
page-cancel-ask-text = Votre commande est en préparation : la boutique vous dira si elle peut encore être annulée.
page-cancel-ask = Demander l'annulation
page-cancel-asked = Vous avez demandé l'annulation de cette commande ({ $at }) ; la boutique vous donnera sa réponse.
page-cancel-declined = La boutique n'a pas pu annuler cette commande. Une fois reçue, vous pourrez la retourner depuis cette page.
page-cancel-after = Votre commande a quitté la boutique. Une fois reçue, vous pourrez la retourner depuis cette page.
refusal-cancel-too-late = Votre commande ne peut plus être annulée ici. Une fois reçue, vous pourrez la retourner depuis sa page.
staff-paid-in = Payé en { $currency }
order_cancelled-refund = Elle était payée ({ $received }) : remboursez le client via le prestataire de paiement, ou enregistrez sur la page de la commande un remboursement fait autrement.

## Pourquoi une action de l'équipe est refusée
staff-refusal-transition = Impossible pour une commande au statut « { $status } ».
staff-refusal-no-stock-question = Aucune question sur un article manquant n'est ouverte.
staff-refusal-choice-not-offered = Ce choix n'a pas été proposé.
staff-refusal-unpaid = La commande n'est pas payée (paiement : { $payment }) : elle part une fois payée, ou sur décision de l'équipe (cochez l'envoi sans paiement).
staff-refusal-no-such-complaint = Aucune réclamation numéro { $number }.
staff-refusal-complaint-settled = La réclamation { $number } est déjà réglée.
staff-refusal-all-returned = Tous les articles sont déjà en retour.
staff-refusal-no-such-return = Aucun retour numéro { $number }.
staff-refusal-return-already = Le retour { $number } a déjà passé cette étape.
staff-refusal-refund-over-paid = Le remboursement dépasserait ce qui a été payé.
staff-refusal-not-an-amount = « { $text } » n'est pas un montant dans la devise de la commande ({ $currency }).
staff-refusal-not-cash-on-delivery = La commande n'est pas payable à la livraison.
staff-refusal-collection-recorded = L'encaissement du transporteur est déjà enregistré.
staff-refusal-not-delivered-yet = Le transporteur encaisse à la livraison : la commande n'est pas livrée.
staff-refusal-paid-already = La commande est déjà payée ({ $amount }).
staff-refusal-owed-only = Il reste { $amount } à payer, pas plus.
staff-refusal-same-parcel = { $number } est le colis envoyé avant : indiquez le numéro du nouveau.
staff-refusal-day-passed = Le { $day } est passé : indiquez le jour où le client peut l'attendre.
staff-refusal-unknown-items = Aucune ligne de la commande n'est { $items } : nommez chaque article manquant par la référence ou le nom d'une ligne.
