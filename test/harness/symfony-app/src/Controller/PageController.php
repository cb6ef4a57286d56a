<?php

namespace App\Controller;

use Symfony\Bundle\FrameworkBundle\Controller\AbstractController;
use Symfony\Component\HttpFoundation\Request;
use Symfony\Component\HttpFoundation\Response;

class PageController extends AbstractController
{
    public function home(): Response
    {
        $user = $this->getUser();
        return new Response($user === null ? 'Hello, guest' : 'Hello, '.$user->getUserIdentifier().' (logged in)');
    }

    public function members(): Response
    {
        return new Response('members only');
    }

    /** A guest visit that stores something in the session (a cart), without logging in. */
    public function cart(Request $request): Response
    {
        $request->getSession()->set('cart', [17, 23]);
        return new Response('added');
    }
}
